//! Words typed twice (发展发展) and doubled characters that are no slip (现在|在家),
//! with correct reduplications (高高兴兴, 研究研究, 一步一步) left alone.

use crate::layout::cjk;

/// Words that end with a function word, so that word followed by the same character
/// is no slip (现在|在家); 为了|了解 is the other way round, see below.
const ENDS_IN_FUNCTION_WORD: &[&str] = &[
    "现在", "正在", "存在", "实在", "所在", "旨在", "内在", "外在", "潜在", "自在", "好在", "意在",
    "贵在", "重在", "难在", "以及", "涉及", "普及", "波及", "危及", "顾及", "企及", "总和", "缓和",
    "温和", "随和", "暖和", "柔和", "平和", "祥和", "调和", "饱和", "附和", "共和", "但是", "凡是",
    "总是", "就是", "还是", "也是", "都是", "只是", "正是", "可是", "于是", "若是", "或是", "不是",
    "要是", "真是", "硬是", "倒是", "算是", "像是", "老是", "更是", "便是", "乃是", "而是", "本是",
    "作为", "行为", "成为", "认为", "因为", "以为", "称为", "视为", "更为", "较为", "极为", "尤为",
    "颇为", "甚为", "最为", "广为", "大为", "身为", "难为", "人为", "有为", "针对", "面对", "相对",
    "绝对", "反对", "应对", "核对", "比对", "校对", "配对", "即将", "必将", "终将", "老将", "大将",
    "主将", "名将", "参与", "给与", "赋予",
];

/// Words that begin with a function word (了解, 的确, 及时, 是否, 在于).
const STARTS_WITH_FUNCTION_WORD: &[&str] = &[
    "了解", "了结", "了却", "了如", "了然", "了不", "的确", "及时", "及早", "及格", "是否", "是非",
    "与否", "与会",
];

/// Whether `chars[i - 1] == chars[i]` is two words meeting (现在在家, 为了了解), not a
/// character typed twice.
pub(in crate::check) fn doubling_is_words(chars: &[char], i: usize) -> bool {
    let pair = |a: char, b: char| -> String { [a, b].iter().collect() };
    let ends = i >= 2 && ENDS_IN_FUNCTION_WORD.contains(&pair(chars[i - 2], chars[i - 1]).as_str());
    let starts = chars
        .get(i + 1)
        .is_some_and(|&n| STARTS_WITH_FUNCTION_WORD.contains(&pair(chars[i], n).as_str()));
    ends || starts
}

/// Reduplicated verbs that are correct Chinese (研究研究 "look into it a little").
const ABAB_VERBS: &[&str] = &[
    "研究", "讨论", "学习", "商量", "考虑", "了解", "休息", "锻炼", "交流", "沟通", "熟悉", "打听",
    "活动", "准备", "检查", "整理", "收拾", "介绍", "比较", "体验", "放松", "思考", "琢磨", "调查",
    "练习", "分析", "总结", "尝试", "试验", "打扫", "清理", "修理", "调整", "整顿", "宣传", "教育",
    "批评", "表扬", "鼓励", "安慰", "关心", "照顾", "帮助", "介绍", "议论", "念叨", "溜达", "散步",
    "参观", "感受", "体会", "品尝", "欣赏", "活络", "联系", "动员", "打扮", "收听", "讲解", "比划",
    "是的", "好的", "对的", "谢谢", "嘀咕", "拾掇", "走动", "热闹", "高兴", "乐呵", "暖和", "凉快",
    "舒服", "痛快", "清醒", "明白", "见识", "合计", "盘算", "掂量", "考察", "观察", "认识", "切磋",
    "请教", "指点", "提醒", "表示", "意思", "比试", "较量", "转悠", "问问", "操练", "演练", "锻造",
    "历练", "磨炼", "消遣", "娱乐", "庆祝",
];

/// ABAB adjectives of intensity (雪白雪白, 通红通红).
const ABAB_ADJECTIVES: &[&str] = &[
    "雪白", "通红", "冰凉", "笔直", "漆黑", "碧绿", "金黄", "滚烫", "火热", "蜡黄", "煞白", "冰冷",
    "湛蓝", "崭新", "透亮", "喷香", "溜圆", "粉红", "乌黑", "血红", "瓦蓝", "飞快", "贼亮", "锃亮",
];

/// The longest word looked for twice in a row (a unit's name: 通信管理局).
const MAX_DOUBLED: usize = 6;

/// Measure words and units that 一X一X repeats (一步一步, 一天一天, 一点一点).
const MEASURE_WORDS: &str = "步个次天年月日点遍片层批家项件条张位代辈回趟笔滴针块桩幕寸尺口声句字行页段级阶环波轮茬拨群队排列串丝朵座栋所户人名场把根颗粒棵株只双对套份道门";

/// A word of 2–6 Han characters typed twice in a row (发展发展): `(offset of the second
/// copy, its length)`. Correct reduplications are excluded: AABB (高高兴兴) never matches,
/// ABAB verbs and adjectives (研究研究, 雪白雪白) are listed, and 一X一X (一步一步) is a
/// pattern of its own.
pub(in crate::check) fn doubled_words(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut found = None;
        for len in (2..=MAX_DOUBLED).rev() {
            if i + 2 * len > chars.len() {
                continue;
            }
            let (a, b) = (&chars[i..i + len], &chars[i + len..i + 2 * len]);
            if a != b || !a.iter().all(|&c| cjk::is_han(c)) {
                continue;
            }
            // AAAA (哈哈哈哈) is the doubled-character rule's business.
            if a.iter().all(|&c| c == a[0]) {
                continue;
            }
            let word: String = a.iter().collect();
            // 一步一步, 一个一个: 一 and a measure word, repeated.
            let one_by_one = a[0] == '一' && MEASURE_WORDS.contains(a[1]);
            let legitimate = one_by_one
                || ABAB_VERBS.contains(&word.as_str())
                || ABAB_ADJECTIVES.contains(&word.as_str())
                // 看一看看一看 / 走一走: a verb-一-verb unit.
                || (len == 3 && a[1] == '一' && a[0] == a[2]);
            if !legitimate {
                found = Some(len);
                break;
            }
        }
        match found {
            Some(len) => {
                out.push((i + len, len));
                i += 2 * len;
            }
            None => i += 1,
        }
    }
    out
}
