//! Suggested interview questions derived from a [`UserCard`]: the dominant category of the
//! history against the recommended categories, the churn gap, held-out hits and misses, and the
//! reason behind the top recommendation, in the dataset's own verb (films are watched, cafés
//! visited). English and natural Japanese.

use super::card::{UserCard, shares};

/// Silence (days) from which the churn question is asked.
pub const CHURN_QUESTION_DAYS: f64 = 14.0;

/// Open questions for the interviewer, most data-specific first.
#[must_use]
pub fn suggested_questions(card: &UserCard, ja: bool) -> Vec<String> {
    let mut q = Vec::new();
    // The dataset's own verb (`[verb]` in dataset.toml; neutral "choose" / 「選ぶ」 by default).
    let [verb, did] = if ja { &card.verb_ja } else { &card.verb_en };
    let (verb, did) = (verb.as_str(), did.as_str());
    let recs = shares(
        card.recommendations
            .iter()
            .map(|r| r.item.category.as_str()),
    );
    if let (Some((mine, share)), Some((shown, _))) = (card.top_categories.first(), recs.first()) {
        let pct = (share * 100.0).round();
        q.push(if mine == shown {
            if ja {
                format!("これまで{did}のは主に「{mine}」（{pct}%）で、おすすめも「{shown}」が中心でした。同じものばかりで物足りなさはありましたか？")
            } else {
                format!("You {did} mostly {mine} ({pct}%) and we showed you mostly {shown} too — did that feel welcome or repetitive?")
            }
        } else if ja {
            format!("これまで{did}のは主に「{mine}」（{pct}%）でしたが、おすすめは「{shown}」が中心でした。しっくりきましたか？")
        } else {
            format!("You {did} mostly {mine} ({pct}%); we showed you mostly {shown} — did that feel right?")
        });
    }
    if let Some(days) = card.days_silent.filter(|d| *d >= CHURN_QUESTION_DAYS) {
        let days = days.round();
        q.push(if ja {
            format!("最後のご利用はデータ最終日の{days}日前でした。その頃、何か変化はありましたか？")
        } else {
            format!("Your last activity was {days} days before the latest data — what changed around then?")
        });
    }
    if let Some(m) = card.misses.first() {
        let t = &m.title;
        q.push(if ja {
            format!(
                "『{t}』は、おすすめしていなかったのに{did}ものです。どうやって見つけましたか？"
            )
        } else {
            format!("You {did} \"{t}\", which we did not suggest — how did you find it?")
        });
    }
    if let Some(h) = card.hits.first() {
        let t = &h.title;
        q.push(if ja {
            format!("おすすめした『{t}』を実際に{did}のですね。決め手は何でしたか？")
        } else {
            format!("We suggested \"{t}\" and you {did} it — what made it appealing?")
        });
    }
    if let Some(r) = card.recommendations.first()
        && let Some(b) = r.because.first()
    {
        let t = &r.item.title;
        q.push(if ja {
            format!("『{b}』を{did}ので『{t}』をおすすめしました。このつながりは納得できますか？")
        } else {
            format!("We recommended \"{t}\" because you {did} \"{b}\" — does that link make sense to you?")
        });
    }
    q.push(if ja {
        format!("最近、次に{verb}ものをどうやって決めていますか？")
    } else {
        format!("How do you usually decide what to {verb} next?")
    });
    q
}
