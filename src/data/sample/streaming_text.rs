//! Titles and descriptions of the streaming sample: every title distinct (after the audit's
//! normalisation) and descriptions varied enough that no two are near-duplicates, so the data
//! audit finds only the rows planted on purpose ([`super::plant`]).
//!
//! The words drawn from the main generator (title adjective and noun, the description's
//! adjective and noun) are drawn exactly as before, so every other column keeps its values; the
//! extra words come from a separate seeded stream.

use std::collections::HashSet;

use super::Gen;
use crate::data::audit::normalise::normalise;

/// Title adjectives (English).
pub(super) const ADJ: [&str; 16] = [
    "Silent", "Last", "Golden", "Broken", "Hidden", "Endless", "Midnight", "Crimson", "Lost",
    "Final", "Burning", "Quiet", "Northern", "Paper", "Glass", "Wild",
];
/// Title nouns (English).
pub(super) const NOUN: [&str; 16] = [
    "River", "Garden", "Signal", "Harbor", "Kingdom", "Promise", "Echo", "Frontier", "Letter",
    "Summer", "Machine", "Station", "Crown", "Island", "Shadow", "Bridge",
];
/// Title nouns (Japanese).
pub(super) const NOUN_JA: [&str; 16] = [
    "川", "庭", "信号", "港", "王国", "約束", "残響", "境界", "手紙", "夏", "機械", "駅", "冠",
    "島", "影", "橋",
];
/// Title adjectives (Japanese).
const ADJ_JA: [&str; 16] = [
    "静かな",
    "最後の",
    "黄金の",
    "壊れた",
    "秘密の",
    "終わらない",
    "真夜中の",
    "深紅の",
    "失われた",
    "最終の",
    "燃える",
    "穏やかな",
    "北の",
    "紙の",
    "硝子の",
    "野生の",
];
const CITY: [(&str, &str); 16] = [
    ("Osaka", "大阪"),
    ("Lisbon", "リスボン"),
    ("Kyoto", "京都"),
    ("Berlin", "ベルリン"),
    ("Seoul", "ソウル"),
    ("Nagasaki", "長崎"),
    ("Marseille", "マルセイユ"),
    ("Glasgow", "グラスゴー"),
    ("Istanbul", "イスタンブール"),
    ("Okinawa", "沖縄"),
    ("Reykjavik", "レイキャビク"),
    ("Hokkaido", "北海道"),
    ("New Orleans", "ニューオーリンズ"),
    ("Buenos Aires", "ブエノスアイレス"),
    ("Hakodate", "函館"),
    ("Naples", "ナポリ"),
];
const GIVEN: [&str; 16] = [
    "Mika", "Leo", "Hana", "Oscar", "Yuna", "Felix", "Rosa", "Kenji", "Ada", "Tomas", "Emi",
    "Jonah", "Sora", "Ines", "Ravi", "Nell",
];
const SUFFIX_JA: [&str; 12] = [
    "の記憶",
    "物語",
    "の果て",
    "をさがして",
    "の向こう",
    "へ",
    "たち",
    "の季節",
    "ふたたび",
    "の行方",
    "に眠る",
    "の約束",
];
const PLACE: [(&str, &str); 24] = [
    ("Osaka", "大阪"),
    ("Lisbon", "リスボン"),
    ("a mountain village", "山あいの村"),
    ("Hokkaido", "北海道"),
    ("a fishing town", "漁師町"),
    ("Berlin", "ベルリン"),
    ("Kyoto", "京都"),
    ("a desert highway", "砂漠の街道"),
    ("Marseille", "マルセイユ"),
    ("a border town", "国境の町"),
    ("Seoul", "ソウル"),
    ("an island school", "島の学校"),
    ("New Orleans", "ニューオーリンズ"),
    ("Okinawa", "沖縄"),
    ("a space station", "宇宙ステーション"),
    ("Istanbul", "イスタンブール"),
    ("a night market", "夜市"),
    ("Glasgow", "グラスゴー"),
    ("a snowbound inn", "雪に閉ざされた宿"),
    ("Buenos Aires", "ブエノスアイレス"),
    ("a coastal lighthouse", "海辺の灯台"),
    ("Nagasaki", "長崎"),
    ("a suburban mall", "郊外のモール"),
    ("Reykjavik", "レイキャビク"),
];
const WHO: [(&str, &str); 20] = [
    ("a retired pilot", "元パイロット"),
    ("an estranged sister", "疎遠な姉"),
    ("a rookie detective", "新米刑事"),
    ("a night-shift nurse", "夜勤の看護師"),
    ("an aging boxer", "老いたボクサー"),
    ("a street magician", "大道芸の手品師"),
    ("a widowed baker", "妻を亡くしたパン職人"),
    ("a former classmate", "かつての同級生"),
    ("a runaway teenager", "家出した少年"),
    ("a disgraced chef", "落ちぶれた料理人"),
    ("a lonely archivist", "孤独な記録係"),
    ("a band of misfits", "はみ出し者の一団"),
    ("a jazz pianist", "ジャズピアニスト"),
    ("a small-town mayor", "小さな町の町長"),
    ("a deep-sea diver", "深海ダイバー"),
    ("a substitute teacher", "代用教員"),
    ("a gifted forger", "腕利きの贋作師"),
    ("a taxi driver", "タクシー運転手"),
    ("a lighthouse keeper", "灯台守"),
    ("a stubborn grandmother", "頑固な祖母"),
];
const VERB: [(&str, &str); 16] = [
    ("searches for", "を探す"),
    ("runs from", "から逃げる"),
    ("protects", "を守る"),
    ("steals back", "を取り戻す"),
    ("hides", "を隠す"),
    ("restores", "を修復する"),
    ("chases", "を追う"),
    ("sells", "を売る"),
    ("inherits", "を受け継ぐ"),
    ("guards", "を見張る"),
    ("loses", "を失う"),
    ("delivers", "を届ける"),
    ("rebuilds", "を再建する"),
    ("investigates", "を調べる"),
    ("forgets", "を忘れる"),
    ("wins", "を勝ち取る"),
];
const OBJ: [(&str, &str); 20] = [
    ("a stolen painting", "盗まれた絵"),
    ("a lost letter", "失われた手紙"),
    ("the family restaurant", "家族の食堂"),
    ("an old radio", "古いラジオ"),
    ("a secret recipe", "秘伝のレシピ"),
    ("a broken violin", "壊れたバイオリン"),
    ("the last train ticket", "最終列車の切符"),
    ("a buried treasure map", "埋もれた宝の地図"),
    ("a forgotten song", "忘れられた歌"),
    ("a rescued dog", "保護された犬"),
    ("the town's only cinema", "町で唯一の映画館"),
    ("a cursed camera", "呪われたカメラ"),
    ("a prize-winning bonsai", "受賞した盆栽"),
    ("a suitcase of cash", "現金の入ったスーツケース"),
    ("an unfinished novel", "未完の小説"),
    ("a vintage motorbike", "年代物のバイク"),
    ("a child's drawing", "子どもの絵"),
    ("the championship belt", "チャンピオンベルト"),
    ("a sunken ship", "沈没船"),
    ("a wedding ring", "結婚指輪"),
];

/// The separate random stream for the extra words, and the titles used so far.
pub(super) struct TextGen {
    g: Gen,
    used: HashSet<String>,
}

impl TextGen {
    /// A stream for `seed` (use a different seed from the main generator's).
    pub(super) fn new(seed: u64) -> Self {
        Self {
            g: Gen::new(seed),
            used: HashSet::new(),
        }
    }

    /// "The {adj} {noun}" (or its Japanese form) if no item has that title yet, otherwise the
    /// first unused of further patterns drawn from the separate stream.
    pub(super) fn title(&mut self, japanese: bool, a: usize, n: usize) -> String {
        let mut title = if japanese {
            format!("{}{}", ADJ_JA[a], NOUN_JA[n])
        } else {
            format!("The {} {}", ADJ[a], NOUN[n])
        };
        while self.used.contains(&normalise(&title)) {
            let g = &mut self.g;
            let (a, n) = (g.below(16), g.below(16));
            title = match (japanese, g.below(3)) {
                (true, 0) => format!("{}の{}{}", CITY[g.below(16)].1, ADJ_JA[a], NOUN_JA[n]),
                (true, _) => format!("{}{}{}", ADJ_JA[a], NOUN_JA[n], SUFFIX_JA[g.below(12)]),
                (false, 0) => format!("The {} {} of {}", ADJ[a], NOUN[n], CITY[g.below(16)].0),
                (false, 1) => format!("{} of the {} {}", NOUN[g.below(16)], ADJ[a], NOUN[n]),
                (false, _) => format!("{} and the {} {}", GIVEN[g.below(16)], ADJ[a], NOUN[n]),
            };
        }
        self.used.insert(normalise(&title));
        title
    }

    /// A description: who does what where (from the separate stream), then the genre line with
    /// the main generator's words `about` ("silent river" / "川") and the tags.
    pub(super) fn description(
        &mut self,
        japanese: bool,
        genre: (&str, &str),
        about: &str,
        tags: &str,
    ) -> String {
        let g = &mut self.g;
        let (who, verb, obj, place) = (
            WHO[g.below(WHO.len())],
            VERB[g.below(VERB.len())],
            OBJ[g.below(OBJ.len())],
            PLACE[g.below(PLACE.len())],
        );
        if japanese {
            format!(
                "{}で、{}が{}{}。{about}をめぐる{}作品。{}。",
                place.1,
                who.1,
                obj.1,
                verb.1,
                genre.1,
                tags.replace('|', "・")
            )
        } else {
            let article = if genre.0.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "An"
            } else {
                "A"
            };
            format!(
                "{article} {} story about a {about}: {} {} {} in {}; {}.",
                genre.0,
                who.0,
                verb.0,
                obj.0,
                place.0,
                tags.replace('|', ", ")
            )
        }
    }
}
