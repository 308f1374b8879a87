//! The words of the café set: town names, the eight categories with their centres, signature
//! dishes, one detail per place and the users' given names (English and Japanese). Data only;
//! `super` turns them into items, descriptions and users.

/// Places per category.
pub(super) const PER_CATEGORY: usize = 18;

pub(super) const WORDS: [(&str, &str); 30] = [
    ("Sakura", "さくら"),
    ("Kaze", "風"),
    ("Tsuki", "月"),
    ("Hoshi", "星"),
    ("Yuzu", "柚子"),
    ("Momiji", "もみじ"),
    ("Kawa", "川"),
    ("Mori", "森"),
    ("Umi", "海"),
    ("Sora", "空"),
    ("Hana", "花"),
    ("Take", "竹"),
    ("Matsu", "松"),
    ("Kumo", "雲"),
    ("Akari", "あかり"),
    ("Nagi", "凪"),
    ("Hotaru", "蛍"),
    ("Tsubaki", "椿"),
    ("Kaede", "楓"),
    ("Suzu", "鈴"),
    ("Asahi", "朝日"),
    ("Yuki", "雪"),
    ("Ringo", "りんご"),
    ("Minato", "港"),
    ("Komachi", "小町"),
    ("Fuji", "富士"),
    ("Ichigo", "いちご"),
    ("Hikari", "ひかり"),
    ("Aoi", "葵"),
    ("Nishiki", "錦"),
];

/// (key, English, Japanese, name prefix en, name prefix ja, centre: price yen, spice, atmosphere, distance m)
pub(super) struct Category {
    pub(super) key: &'static str,
    pub(super) ja: &'static str,
    pub(super) prefix: &'static str,
    pub(super) prefix_ja: &'static str,
    pub(super) centre: [f64; 4],
}

pub(super) const CATEGORIES: [Category; 8] = [
    Category {
        key: "cafe",
        ja: "カフェ",
        prefix: "Café",
        prefix_ja: "カフェ",
        centre: [750.0, 0.8, 7.0, 450.0],
    },
    Category {
        key: "ramen",
        ja: "ラーメン",
        prefix: "Ramen",
        prefix_ja: "らーめん",
        centre: [950.0, 4.5, 3.0, 250.0],
    },
    Category {
        key: "curry",
        ja: "カレー",
        prefix: "Curry House",
        prefix_ja: "カレーハウス",
        centre: [1100.0, 8.0, 4.0, 550.0],
    },
    Category {
        key: "izakaya",
        ja: "居酒屋",
        prefix: "Izakaya",
        prefix_ja: "居酒屋",
        centre: [3000.0, 4.0, 6.0, 200.0],
    },
    Category {
        key: "sushi",
        ja: "寿司",
        prefix: "Sushi",
        prefix_ja: "鮨",
        centre: [4800.0, 1.0, 8.0, 650.0],
    },
    Category {
        key: "bistro",
        ja: "ビストロ",
        prefix: "Bistro",
        prefix_ja: "ビストロ",
        centre: [3800.0, 2.0, 8.5, 850.0],
    },
    Category {
        key: "bakery",
        ja: "ベーカリー",
        prefix: "Bakery",
        prefix_ja: "ベーカリー",
        centre: [500.0, 0.3, 5.0, 750.0],
    },
    Category {
        key: "yakiniku",
        ja: "焼肉",
        prefix: "Yakiniku",
        prefix_ja: "焼肉",
        centre: [4200.0, 5.5, 5.0, 400.0],
    },
];
/// Three signature dishes per category (English, Japanese), in `CATEGORIES` order.
pub(super) const DISHES: [[(&str, &str); 3]; 8] = [
    [
        ("matcha latte", "抹茶ラテ"),
        ("cinnamon roll", "シナモンロール"),
        ("hand-drip coffee", "ハンドドリップコーヒー"),
    ],
    [
        ("miso ramen", "味噌ラーメン"),
        ("tonkotsu ramen", "豚骨ラーメン"),
        ("cold tsukemen", "冷やしつけ麺"),
    ],
    [
        ("katsu curry", "カツカレー"),
        ("keema curry", "キーマカレー"),
        ("soup curry", "スープカレー"),
    ],
    [
        ("grilled skewers", "焼き鳥"),
        ("sashimi platter", "刺身の盛り合わせ"),
        ("local sake", "地酒"),
    ],
    [
        ("omakase course", "おまかせコース"),
        ("sea urchin nigiri", "ウニの握り"),
        ("tuna belly", "大トロ"),
    ],
    [
        ("duck confit", "鴨のコンフィ"),
        ("onion soup", "オニオンスープ"),
        ("steak frites", "ステーキフリット"),
    ],
    [
        ("melon bread", "メロンパン"),
        ("sourdough loaf", "サワードウ"),
        ("curry bun", "カレーパン"),
    ],
    [
        ("wagyu short rib", "和牛カルビ"),
        ("beef tongue", "牛タン"),
        ("spicy offal", "辛口ホルモン"),
    ],
];
/// One detail per place of a category (all different within a category), so that no two
/// descriptions are near-duplicates even when the feature summary is the same.
pub(super) const DETAILS: [(&str, &str); PER_CATEGORY] = [
    ("Open until midnight.", "深夜まで営業。"),
    (
        "A small garden terrace at the back.",
        "奥に小さな庭のテラス席。",
    ),
    ("Run by a retired schoolteacher.", "元教師が営む店。"),
    ("Counter seats only.", "カウンター席のみ。"),
    ("Famous for its queue at lunchtime.", "昼時の行列で有名。"),
    ("Dogs are welcome on the terrace.", "テラスは犬連れ歓迎。"),
    ("Cash only, no reservations.", "現金のみ、予約不可。"),
    ("Live music on Friday nights.", "金曜の夜は生演奏。"),
    ("A third-generation family business.", "三代続く家族経営。"),
    (
        "Hidden upstairs above a bookshop.",
        "本屋の二階にひっそり。",
    ),
    ("Popular with students after class.", "放課後の学生に人気。"),
    (
        "The menu changes with the seasons.",
        "季節ごとに変わる献立。",
    ),
    ("Big windows facing the river.", "川に面した大きな窓。"),
    (
        "Opened last spring by two friends.",
        "昨春に友人二人が開店。",
    ),
    (
        "Known for handwritten menu boards.",
        "手書きの黒板メニューが名物。",
    ),
    ("Quiet corner seats for reading.", "読書向きの静かな席。"),
    ("Breakfast served until eleven.", "朝食は十一時まで。"),
    (
        "A takeaway window on the street.",
        "通りに面した持ち帰り窓口。",
    ),
];

pub(super) const GIVEN: [(&str, &str); 20] = [
    ("Haruto", "陽翔"),
    ("Yui", "結衣"),
    ("Sota", "蒼太"),
    ("Hina", "陽菜"),
    ("Ren", "蓮"),
    ("Mio", "澪"),
    ("Minato", "湊"),
    ("Sakura", "さくら"),
    ("Yuto", "悠斗"),
    ("Aoi", "葵"),
    ("Riku", "陸"),
    ("Mei", "芽衣"),
    ("Kaito", "海斗"),
    ("Rin", "凛"),
    ("Daiki", "大輝"),
    ("Emma", "恵麻"),
    ("Kenta", "健太"),
    ("Nana", "菜々"),
    ("Shota", "翔太"),
    ("Airi", "愛莉"),
];
