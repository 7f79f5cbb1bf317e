//! Telling which encoding a text file is in. Byte-order marks and the zero bytes of
//! UTF-16/UTF-32 decide where present; valid UTF-8 is UTF-8. Otherwise each legacy
//! encoding an editor may receive (GB18030/GBK, Big5, Shift-JIS, EUC-KR, and UTF-16
//! without a mark) decodes the bytes, and the one whose result reads most like its
//! language wins: the share of frequent characters of that language among the
//! non-ASCII ones. A wrong decoding turns text into rare characters, so the share
//! tells them apart even for a few words (measured in the tests below).
//!
//! Chinese in GB18030, UTF-8, UTF-16 or UTF-32 is read; traditional Chinese in Big5
//! is read and said so; Japanese (Shift-JIS) and Korean (EUC-KR) are named and
//! refused, never garbled.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
    Gb18030,
    /// Traditional Chinese (Taiwan, Hong Kong): read, and the user told.
    Big5,
}

/// A legacy encoding of another language: named and refused, as its text is not
/// Chinese and a Chinese reading of it would be garbage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// Japanese.
    ShiftJis,
    /// Korean.
    EucKr,
}

impl Foreign {
    /// (encoding, language in Chinese, language in English).
    pub fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Foreign::ShiftJis => ("Shift-JIS", "日文", "Japanese"),
            Foreign::EucKr => ("EUC-KR", "韩文", "Korean"),
        }
    }
}

/// What the bytes of a text file are.
#[derive(Debug, Clone, PartialEq)]
pub enum Detected {
    Text(String, Encoding),
    Foreign(Foreign),
    /// No encoding reads these bytes as text.
    Undecodable,
}

/// Frequent characters written the same in simplified and traditional Chinese (in
/// both GB2312 and Big5).
const SHARED_HAN: &[&str] = &[
    "的一是不了在人有我他中上大和地到以要就出可也你生能而子那得于下自之年后作里用道行",
    "所然家种事成方多么去法如都同面起看定天分好小部其些主理心她本前但因只想日者意力它",
    "与把机十民第公此已工使情明性知全三又正外高由很最重并物手向文体政美相被利什二等或",
    "新己制身果加西斯月合回特代信表化老世位次度任常先海通教儿原提立及比解水名真走各入",
    "几口平系气活更打女四神何安少才反受目太量再感建做接必件管期市直德命山金指克保至形",
    "社便空治展科司五基眼非听白界光放即像且思王象完式色路南品住告求据程北死交万取拉格",
    "望共确清今切院候笑步改收根干造言持每极林服快往元英士近失夫令准布始怎呢存未叫台影",
    "具字流兵深商算集百需价花党城石整府离技示复病息究似官火精支消越器容照九增研企八功",
    "包片史委乎查易早曾除找吧阿李吃念六引首局突另周注考落青列武推希古构房半土投某案黑",
    "革划致律足七派孩星章音跟志底站巴例防族供效施留型料答奇察母京段依批群故按河米江害",
    "斗境客采攻父密低朝友止愿千值仍男破网助倒育坐帝限船速刻否威毛率甚球般普怕校苦假久",
    "承印晚股拿益若哪微尼送急血惊素适波夜省初喜源食待述置居排福雷警模充云停木游疑冷洲",
    "射略范竟句室异激村哈策演卡罪判州退既衣您宗余痛差富角占配征修皮胜降沉善啊超免皇伊",
    "怀副抗犯追宣佛航优怪香著田控左右份穿背草概敢守酒托央烈洋哥索胡款靠版座景弟登互付",
    "伯慢危忙核暗姐介坏良序升亮露永呼味野架域沙掉括吉楚肯屋跑散困封救缺尚毫移娘朋班智",
    "亦耳恩短掌恐固席松秘遇康幸均藏赶票忽巨炮端探湖春附吸予港雨呀板庭睛含招婚督毒油旅",
    "材逐莫亡圣厂睡博勒授岸唐俄炸洛健堂旁喝借君禁宋避抓姑逃牙束跳玉雪午迫篇肉嘴遍凡洞",
    "卷坦牛宁私庄祖翻暴森塔默握熟骨弱蒙歌店鬼典欲伙遭爸弄雄忘刺徒姆趣曲刀床迎冰玩析窗",
    "醒妻透替塞努休虎途侵刑兄迅套唯谷尤街促延震甲麻川申售哲抵朱埃抱鼓植夏忍杰筑折尊秀",
    "混臣雅振染盛怒舞搞狂措姓秋培迷宇猛梅伸摩盟末乃悲拍丁",
];

/// Frequent simplified characters (in GB2312, not in Big5).
const SIMPLIFIED_HAN: &[&str] = &[
    "这个们来为国说时会对着过发经学现当没动还进样开从实军无长关点业将两间问应战头见产",
    "话内给门东声员论处义认条题尔别变总电数报结务场计资许统区队决马书则却达强难权设记",
    "类边张该规觉术领传师观让识带导争运飞风联组济车亲办议证转远单罗爱击备连调质团华级",
    "况亚请际约线断满视须写称吗轻农装广显标谈图历医专费号尽较语仅随选红响虽势参众节维",
    "敌陈态护兴验责营够严续讲终紧黄绝项围织双纪举杀苏诉细钱热属脸职乐刚状独弹创错兰试",
    "脑预谁阳继伤药卫险陆习劳财环纳欢获负龙树层冲汉简担静积检灵协挥阶审坚妈刘读压银买",
    "养执乱帮岁铁税艺阵脚恶块顿岛户评宝释顾货欧换闻讨丽监临舰鱼杂误湾减编测败梦温剑渐",
    "贵枪楼县画遗谢鲁虑销钟诗剧损旧录叶乡礼妇归饭额顺输摇脱补谓疗泽灭笔鲜词择寻烟诺伦",
    "奥卖载宫阴园谋荣孙顶镇练爷馆础纸诸训丝戏隐访软萨盘扩盖稳亿拥杨齐赛虚购扬绿贸毕轮",
    "库迹竞弃伟缓潜闪灯针络纯页郑贝吴圆残诚宽摆毁赵侧",
];

/// Frequent traditional characters (in Big5, not in GB2312).
const TRADITIONAL_HAN: &[&str] = &[
    "個這們為時來說發會對動產種經進過學實現體關電業當從應開還與長將區級統計報務設門網",
    "國見東車書問間點話線變運親邊義讓論該頭樣條員導處隊內議選單參據辦協資訊劃組織項專",
    "賽優獎頒佈職術縣鄉鎮廣顯歡聯絡緊載視圖環質營銷購費價讀寫寶貝雙歲禮臺灣",
];

/// Frequent Korean syllables (all in EUC-KR).
const HANGUL: &[&str] = &[
    "이다는의에을하고가한로지기서도를으사자리대어정인일수시나적부해있전아게과것주보상",
    "제국장은니라들성면소우방경요신동비연문그원만거여관내당공화없학무선계세실중저구때",
    "물분위식업마발금간통진개심산생회조드모할재석유양반결법데체행명단된러습였했었합까",
];

fn set(parts: &[&[&str]]) -> HashSet<char> {
    parts
        .iter()
        .flat_map(|p| p.iter())
        .flat_map(|s| s.chars())
        .collect()
}

fn chinese_simplified() -> &'static HashSet<char> {
    static S: OnceLock<HashSet<char>> = OnceLock::new();
    S.get_or_init(|| set(&[SHARED_HAN, SIMPLIFIED_HAN, &["，。、：；？！“”（）《》…—"]]))
}

fn chinese_traditional() -> &'static HashSet<char> {
    static S: OnceLock<HashSet<char>> = OnceLock::new();
    S.get_or_init(|| {
        set(&[
            SHARED_HAN,
            TRADITIONAL_HAN,
            &["，。、：；？！「」（）《》…—"],
        ])
    })
}

fn korean() -> &'static HashSet<char> {
    static S: OnceLock<HashSet<char>> = OnceLock::new();
    S.get_or_init(|| set(&[HANGUL]))
}

/// The languages a decoding may read as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Language {
    Simplified,
    Traditional,
    Japanese,
    Korean,
}

impl Language {
    fn frequent(self, c: char) -> bool {
        match self {
            Language::Simplified => chinese_simplified().contains(&c),
            Language::Traditional => chinese_traditional().contains(&c),
            // Full-width kana and Japanese punctuation: four in ten characters of
            // running Japanese, hardly any in a wrong decoding.
            Language::Japanese => matches!(c, '\u{3041}'..='\u{30FA}' | '、' | '。' | '「' | '」'),
            Language::Korean => korean().contains(&c),
        }
    }
}

/// How much a decoding reads like `language`: the share of frequent characters among
/// the non-ASCII ones, less three times the share of undecodable bytes. `None` when
/// more than 2 % could not be decoded.
fn score(text: &str, language: Language) -> Option<f32> {
    let mut n = 0usize;
    let mut hits = 0usize;
    let mut bad = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        n += 1;
        if c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) {
            bad += 1;
        } else if language.frequent(c) {
            hits += 1;
        }
    }
    if n == 0 {
        return Some(0.0);
    }
    if bad * 50 > n {
        return None;
    }
    Some((hits as f32 - 3.0 * bad as f32) / n as f32)
}

/// The most bytes looked at to decide (the whole file is decoded afterwards).
const SAMPLE: usize = 64 * 1024;

/// UTF-32 without a mark: every fourth byte (the highest) zero and the next one at
/// most 0x10 (no code point is larger).
fn looks_utf32(bytes: &[u8], big_endian: bool) -> bool {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(4) {
        return false;
    }
    let (top, next) = if big_endian { (0, 1) } else { (3, 2) };
    bytes
        .chunks_exact(4)
        .take(SAMPLE / 4)
        .all(|q| q[top] == 0 && q[next] <= 0x10)
}

fn utf32(bytes: &[u8], big_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    bytes
        .chunks_exact(4)
        .map(|q| {
            let q = [q[0], q[1], q[2], q[3]];
            char::from_u32(if big_endian {
                u32::from_be_bytes(q)
            } else {
                u32::from_le_bytes(q)
            })
        })
        .collect()
}

fn strict(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    (!errors).then(|| text.into_owned())
}

/// Detects the encoding of a text file and decodes it.
pub fn detect(bytes: &[u8]) -> Detected {
    let text = |t: Option<String>, e: Encoding| match t {
        Some(t) => Detected::Text(t, e),
        None => Detected::Undecodable,
    };
    // Marks, the longest first (the UTF-32LE mark begins with the UTF-16LE one).
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return text(utf32(rest, false), Encoding::Utf32Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]) {
        return text(utf32(rest, true), Encoding::Utf32Be);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return text(
            std::str::from_utf8(rest).ok().map(str::to_string),
            Encoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return text(strict(encoding_rs::UTF_16LE, rest), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return text(strict(encoding_rs::UTF_16BE, rest), Encoding::Utf16Be);
    }
    if looks_utf32(bytes, false) {
        return text(utf32(bytes, false), Encoding::Utf32Le);
    }
    if looks_utf32(bytes, true) {
        return text(utf32(bytes, true), Encoding::Utf32Be);
    }
    // UTF-16 of mostly ASCII text: many zero bytes, all at odd (LE) or even (BE)
    // offsets.
    let head = &bytes[..bytes.len().min(SAMPLE)];
    let zeros_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    if half > 0 && zeros_odd * 4 > half && zeros_even == 0 {
        return text(strict(encoding_rs::UTF_16LE, bytes), Encoding::Utf16Le);
    }
    if half > 0 && zeros_even * 4 > half && zeros_odd == 0 {
        return text(strict(encoding_rs::UTF_16BE, bytes), Encoding::Utf16Be);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Detected::Text(s.to_string(), Encoding::Utf8);
    }
    // The legacy encodings, and UTF-16 of text without ASCII, compete on a sample
    // (cut where it may split a character: the 2 % allowance covers that).
    enum Pick {
        Text(Encoding),
        Foreign(Foreign),
    }
    let mut candidates: Vec<(&'static encoding_rs::Encoding, Language, Pick)> = vec![
        (
            encoding_rs::GB18030,
            Language::Simplified,
            Pick::Text(Encoding::Gb18030),
        ),
        (
            encoding_rs::BIG5,
            Language::Traditional,
            Pick::Text(Encoding::Big5),
        ),
        (
            encoding_rs::SHIFT_JIS,
            Language::Japanese,
            Pick::Foreign(Foreign::ShiftJis),
        ),
        (
            encoding_rs::EUC_KR,
            Language::Korean,
            Pick::Foreign(Foreign::EucKr),
        ),
    ];
    if bytes.len().is_multiple_of(2) {
        candidates.push((
            encoding_rs::UTF_16LE,
            Language::Simplified,
            Pick::Text(Encoding::Utf16Le),
        ));
        candidates.push((
            encoding_rs::UTF_16BE,
            Language::Simplified,
            Pick::Text(Encoding::Utf16Be),
        ));
    }
    let mut best: Option<(f32, usize)> = None;
    for (k, (enc, language, _)) in candidates.iter().enumerate() {
        let (sample, _) = enc.decode_without_bom_handling(head);
        let s = match language {
            // UTF-16 may hold any language; its best reading counts.
            Language::Simplified
                if matches!(
                    candidates[k].2,
                    Pick::Text(Encoding::Utf16Le | Encoding::Utf16Be)
                ) =>
            {
                [
                    Language::Simplified,
                    Language::Traditional,
                    Language::Japanese,
                    Language::Korean,
                ]
                .iter()
                .filter_map(|&l| score(&sample, l))
                .reduce(f32::max)
            }
            _ => score(&sample, *language),
        };
        if let Some(s) = s {
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, k));
            }
        }
    }
    // Nothing reads like any language (a list of rare names, say): GB18030, the
    // encoding Chinese Windows writes, if it decodes the bytes at all.
    let pick = match best {
        Some((s, k)) if s >= 0.05 => k,
        _ => 0,
    };
    let (enc, _, how) = &candidates[pick];
    match how {
        Pick::Foreign(f) => Detected::Foreign(*f),
        Pick::Text(e) => text(strict(enc, bytes), *e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMPLIFIED: &str = "近日，山西省通信管理局组织召开全省信息通信行业安全生产工作会议，会议总结了去年的安全生产工作，分析了当前面临的形势，部署了今年的重点任务。会议要求各单位切实落实安全生产主体责任，强化风险隐患排查整治，确保网络安全稳定运行。今年以来，吕梁移动把农村千兆光网建设列为民生实事，累计投资1.2亿元，为全市386个行政村开通千兆光网，新增覆盖农户4.6万户。获奖名单如下：王婧（太原移动）、李晓明（晋中电信）、张磊（长治联通）。";
    const TRADITIONAL: &str = "近日，臺北市通信業者召開網路安全工作會議，總結去年的安全生產工作，分析當前面臨的形勢，部署今年的重點任務。會議要求各單位切實落實安全生產主體責任，強化風險隱患排查整治，確保網路安全穩定運行。為進一步提升服務水準，公司組織技術人員深入基層，開展服務品質提升行動。截至目前，全市新建基地台一千二百個，使用者滿意度達到百分之九十八。下一步，協會將繼續加強與會員單位的聯繫，推動產業高品質發展。";
    const JAPANESE: &str = "本日、東京都内で通信業界の安全対策に関する会議が開かれました。参加した企業の担当者は、ネットワークの障害を防ぐための取り組みについて意見を交換しました。会議では、災害時の通信確保が重要な課題であることが確認されました。また、新しい技術を活用したサービスの開発も進められています。関係者によると、来年度には地方の光ファイバー網の整備をさらに拡大する予定です。利用者の満足度を高めるため、各社はサポート体制の強化に取り組んでいます。";
    const KOREAN: &str = "오늘 서울에서 통신 업계의 안전 대책에 관한 회의가 열렸습니다. 참가한 기업의 담당자들은 네트워크 장애를 예방하기 위한 노력에 대해 의견을 나누었습니다. 회의에서는 재난 시 통신 확보가 중요한 과제라는 점이 확인되었습니다. 또한 새로운 기술을 활용한 서비스 개발도 진행되고 있습니다. 관계자에 따르면 내년에는 지방의 광통신망 구축을 더욱 확대할 예정입니다. 이용자의 만족도를 높이기 위해 각 회사는 지원 체계 강화에 힘쓰고 있습니다.";

    /// What a sample should be detected as.
    #[derive(Debug, Clone, PartialEq)]
    enum Want {
        Text(Encoding),
        Foreign(Foreign),
    }

    fn encode(text: &str, how: &str) -> Vec<u8> {
        let legacy = |e: &'static encoding_rs::Encoding| e.encode(text).0.into_owned();
        let utf16 = |be: bool| -> Vec<u8> {
            text.encode_utf16()
                .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect()
        };
        let utf32 = |be: bool| -> Vec<u8> {
            text.chars()
                .flat_map(|c| {
                    if be {
                        (c as u32).to_be_bytes()
                    } else {
                        (c as u32).to_le_bytes()
                    }
                })
                .collect()
        };
        let with = |mark: &[u8], body: Vec<u8>| [mark.to_vec(), body].concat();
        match how {
            "gb18030" => legacy(encoding_rs::GB18030),
            "big5" => legacy(encoding_rs::BIG5),
            "sjis" => legacy(encoding_rs::SHIFT_JIS),
            "euckr" => legacy(encoding_rs::EUC_KR),
            "utf8" => text.as_bytes().to_vec(),
            "utf16le" => with(&[0xFF, 0xFE], utf16(false)),
            "utf16be" => with(&[0xFE, 0xFF], utf16(true)),
            "utf16le-nobom" => utf16(false),
            "utf16be-nobom" => utf16(true),
            "utf32le" => with(&[0xFF, 0xFE, 0, 0], utf32(false)),
            "utf32be" => with(&[0, 0, 0xFE, 0xFF], utf32(true)),
            "utf32le-nobom" => utf32(false),
            _ => utf32(true),
        }
    }

    /// Mixed samples: windows of 4 to 400 characters of Chinese (simplified and
    /// traditional), Japanese and Korean text, each in the encodings it comes in.
    /// Returns (wrong, total) for samples of at least `min` characters.
    fn error_rate(min: usize, max: usize) -> (usize, usize, Vec<String>) {
        let cases: [(&str, &str, Want); 14] = [
            (SIMPLIFIED, "gb18030", Want::Text(Encoding::Gb18030)),
            (SIMPLIFIED, "utf8", Want::Text(Encoding::Utf8)),
            (SIMPLIFIED, "utf16le", Want::Text(Encoding::Utf16Le)),
            (SIMPLIFIED, "utf16be", Want::Text(Encoding::Utf16Be)),
            (SIMPLIFIED, "utf16le-nobom", Want::Text(Encoding::Utf16Le)),
            (SIMPLIFIED, "utf16be-nobom", Want::Text(Encoding::Utf16Be)),
            (SIMPLIFIED, "utf32le", Want::Text(Encoding::Utf32Le)),
            (SIMPLIFIED, "utf32be", Want::Text(Encoding::Utf32Be)),
            (SIMPLIFIED, "utf32le-nobom", Want::Text(Encoding::Utf32Le)),
            (SIMPLIFIED, "utf32be-nobom", Want::Text(Encoding::Utf32Be)),
            (TRADITIONAL, "big5", Want::Text(Encoding::Big5)),
            (TRADITIONAL, "utf8", Want::Text(Encoding::Utf8)),
            (JAPANESE, "sjis", Want::Foreign(Foreign::ShiftJis)),
            (KOREAN, "euckr", Want::Foreign(Foreign::EucKr)),
        ];
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        let mut wrong = 0;
        let mut total = 0;
        let mut misses = Vec::new();
        for (text, how, want) in cases {
            let chars: Vec<char> = text.chars().collect();
            for _ in 0..60 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let len = min + (x as usize >> 3) % (max - min + 1);
                let start = (x as usize >> 20) % chars.len();
                let sample: String = chars.iter().cycle().skip(start).take(len).collect();
                let got = match detect(&encode(&sample, how)) {
                    Detected::Text(t, e) => {
                        if t == sample {
                            Some(Want::Text(e))
                        } else {
                            None
                        }
                    }
                    Detected::Foreign(f) => Some(Want::Foreign(f)),
                    Detected::Undecodable => None,
                };
                total += 1;
                if got.as_ref() != Some(&want) {
                    wrong += 1;
                    misses.push(format!("{how} {len}: got {got:?} for {sample}"));
                }
            }
        }
        (wrong, total, misses)
    }

    /// The detection error rate on mixed generated samples (README): none wrong from
    /// 12 characters up; short snippets of 4 to 11 characters are reported.
    #[test]
    fn encodings_are_detected_on_mixed_samples() {
        let (wrong, total, misses) = error_rate(12, 400);
        eprintln!("encoding detection, 12-400 characters: {wrong}/{total} wrong");
        assert_eq!(wrong, 0, "{}", misses.join("\n"));
        let (wrong, total, misses) = error_rate(4, 11);
        eprintln!("encoding detection, 4-11 characters: {wrong}/{total} wrong");
        if std::env::var_os("JIANBAO_SHOW_MISSES").is_some() {
            eprintln!("{}", misses.join("\n"));
        }
        assert!(wrong * 50 <= total, "{}", misses.join("\n"));
    }

    #[test]
    fn marks_and_zero_bytes_decide_first() {
        assert_eq!(
            detect(&encode("简报", "utf32le")),
            Detected::Text("简报".into(), Encoding::Utf32Le)
        );
        // A UTF-32 mark with a broken body is no text, never UTF-16 garbage.
        assert_eq!(
            detect(&[0xFF, 0xFE, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]),
            Detected::Undecodable
        );
        assert_eq!(
            detect(&encode("abc 简报", "utf16le-nobom")),
            Detected::Text("abc 简报".into(), Encoding::Utf16Le)
        );
    }
}
