//! Word-level slips an editor catches by reading: ordinal numbers written 1、 inside a
//! paragraph, 的/地/得 confused, and a word typed twice (发展发展).
//!
//! Each rule is a curated, high-precision pattern rather than a grammar: a bulletin's
//! editor must be able to trust every finding, so a rule stays silent wherever the same
//! characters are also correct Chinese (积极的促进作用, 研究研究, 一步一步).

use crate::layout::cjk;

/// Where an Arabic number followed by 、 is an ordinal (`1、加强领导`), which takes a
/// full stop (`1.`) in house style; `None` when the 、 ends no ordinal. `i` is the 、.
///
/// An ordinal starts a paragraph or follows a clause mark or space (…如下：1、…；2、…);
/// a number inside a word (`SRv6、`, `5G、`) or in a list of numbers (`1、2月份`,
/// `第1、2名`) is not one.
pub(super) fn arabic_ordinal_at(chars: &[char], i: usize) -> bool {
    if chars.get(i) != Some(&'、') {
        return false;
    }
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let start = i - digits;
    let opens_item = opens_item_number(chars, i);
    // The item goes on with text, not another number (1、2月份), unless that number is
    // a full date (1、2024年…, 3、5月10日…).
    let item_follows = chars
        .get(i + 1)
        .is_some_and(|&c| !c.is_ascii_digit() && !c.is_whitespace() && !"、，。".contains(c));
    let item: u32 = chars[start..i]
        .iter()
        .fold(0, |n, c| n * 10 + c.to_digit(10).unwrap_or(0));
    let rest = &chars[i + 1..];
    opens_item && (item_follows || starts_with_date(rest) || month_after_item(rest, item))
}

/// Whether the one or two digits before `i` begin an item: at the start of the text or
/// after a clause mark or space (…如下：1、 or 1.), not inside a word or a number.
pub(super) fn opens_item_number(chars: &[char], i: usize) -> bool {
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let start = i - digits;
    start == 0 || {
        let before = chars[start - 1];
        before.is_whitespace() || "。；：！？，（“‘【》）】”’…—".contains(before)
    }
}

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
pub(super) fn doubling_is_words(chars: &[char], i: usize) -> bool {
    let pair = |a: char, b: char| -> String { [a, b].iter().collect() };
    let ends = i >= 2 && ENDS_IN_FUNCTION_WORD.contains(&pair(chars[i - 2], chars[i - 1]).as_str());
    let starts = chars
        .get(i + 1)
        .is_some_and(|&n| STARTS_WITH_FUNCTION_WORD.contains(&pair(chars[i], n).as_str()));
    ends || starts
}

/// Whether `chars` begins with a date: a year (2024年) or a month and day (5月10日).
fn starts_with_date(chars: &[char]) -> bool {
    let digits = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let first = digits(0);
    match chars.get(first) {
        Some('年') => first == 4,
        Some('月') if (1..=2).contains(&first) => {
            let day = digits(first + 1);
            (1..=2).contains(&day) && chars.get(first + 1 + day) == Some(&'日')
        }
        _ => false,
    }
}

/// Whether the month after an ordinal-like `n、` is a date (2、7月中旬) rather than the
/// second of a list of months (1、2月份, 11、12月): a list names consecutive months.
fn month_after_item(chars: &[char], item: u32) -> bool {
    let digits: String = chars.iter().take_while(|c| c.is_ascii_digit()).collect();
    let Ok(month) = digits.parse::<u32>() else {
        return false;
    };
    let after = digits.len();
    // The month is placed in time (7月中旬, 9月底), as a list of months rarely is.
    (1..=12).contains(&month)
        && chars.get(after) == Some(&'月')
        && month != item + 1
        && chars
            .get(after + 1)
            .is_some_and(|&c| "上中下初底末".contains(c))
}

/// Words used as adverbials, which take 地 before a verb (认真地做, 更好地为).
const ADVERBIALS: &[&str] = &[
    "认真",
    "细致",
    "积极",
    "努力",
    "主动",
    "更好",
    "很好",
    "较好",
    "有效",
    "切实",
    "扎实",
    "深入",
    "全面",
    "大力",
    "稳步",
    "不断",
    "顺利",
    "圆满",
    "热烈",
    "热情",
    "高效",
    "迅速",
    "及时",
    "严格",
    "充分",
    "广泛",
    "紧密",
    "密切",
    "精心",
    "耐心",
    "仔细",
    "踊跃",
    "自觉",
    "坚决",
    "持续",
    "快速",
    "有序",
    "逐步",
    "默默",
    "悄悄",
    "慢慢",
    "紧紧",
    "牢牢",
    "深深",
    "好好",
    "更加",
    "尽快",
    "有力",
    "稳妥",
    "深刻",
    "亲切",
    "详细",
    "全力",
    "依法",
    "如实",
    "准确",
    "反复",
    "不停",
    "轻松",
    "高质量",
    "创造性",
    "有针对性",
    "实实在在",
    "扎扎实实",
    "认认真真",
    "积极主动",
    "不折不扣",
    "更快",
    "更多",
    "广泛深入",
    "全方位",
    "创新性",
    "有条不紊",
    "井然有序",
    "全心全意",
    "尽心尽力",
    "一丝不苟",
    "兢兢业业",
    "细心",
    "用心",
    "虚心",
    "专心",
    "精准",
    "妥善",
    "严肃",
    "严厉",
    "坚定",
    "果断",
    "自发",
    "自愿",
    "全身心",
    "毫无保留",
    "深入细致",
    "认真细致",
    "积极稳妥",
    "大胆",
    "勇敢",
    "热心",
    "贴心",
    "真诚",
    "诚恳",
    "耐心细致",
    "逐渐",
    "渐渐",
    "一起",
    "共同",
    "主动积极",
    "紧张",
    "匆匆",
    "紧急",
    "连夜",
    "飞快",
    "高兴",
    "激动",
    "兴奋",
    "感慨",
    "深情",
    "动情",
    "自豪",
    "骄傲",
    "笑眯眯",
    "笑呵呵",
    "开心",
    "欣慰",
    "幽默",
    "风趣",
    "感动",
    "由衷",
    "惊喜",
    "惊讶",
    "郑重",
    "语重心长",
    "意味深长",
    "坦率",
    "自信",
    "动容",
    "感激",
    "突然",
    "忽然",
    "猛然",
    "欣然",
    "毅然",
    "断然",
    "悄然",
    "坦然",
    "安然",
    "静静",
    "轻轻",
    "缓缓",
    "稳稳",
    "狠狠",
    "早早",
    "远远",
    "久久",
    "热情洋溢",
];

/// Verbs and prepositions that, after an adverbial, are used as verbs (更好地为…服务,
/// 认真地做好, 积极地参与). Words that are as often nouns after 的 (服务, 发展, 保障,
/// 交流, 建设) are left out on purpose; 支持 and 帮助 are in, their noun uses being
/// caught by what follows (的支持下, 的帮助和) or precedes (得到了…的支持).
const VERBS: &[&str] = &[
    "为", "把", "向", "将", "对", "做", "干", "抓", "推进", "推动", "落实", "完成", "参与", "参加",
    "配合", "贯彻", "执行", "开展", "处理", "解决", "投入", "融入", "维护", "促进", "提升", "提高",
    "发挥", "带动", "引导", "组织", "举办", "进行", "完善", "回应", "走", "说", "看", "讲", "听",
    "写", "想", "告诉", "表示", "指出", "介绍", "参观", "学习", "讨论", "制作", "推广", "实施",
    "应对", "履行", "践行", "承担", "谋划", "部署", "排查", "整改", "检查", "解答", "回答", "投身",
    "奔赴", "赶赴", "加强", "加快", "运用", "利用", "掌握", "了解", "感受", "体会", "实现", "筹备",
    "开拓", "探索", "跟进", "宣讲", "记录", "整理", "收集", "报名", "响应", "争取", "赶到", "赶往",
    "奔向", "冲向", "来到", "走进", "进入", "深入", "扎根", "加入", "适应", "处置", "排除", "修复",
    "恢复", "抢修", "检修", "巡查", "巡检", "清理", "拆除", "安装", "调试", "测试", "建立", "建成",
    "搭建", "构建", "打造", "制定", "出台", "发布", "普及", "推出", "开通", "启动", "召开", "举行",
    "承办", "动员", "号召", "倡导", "鼓励", "督促", "考核", "评估", "总结", "汇报", "报送", "上报",
    "反映", "表达", "表明", "阐述", "讲述", "展示", "展现", "呈现", "体现", "传递", "传达", "传承",
    "弘扬", "发扬", "坚持", "坚守", "守护", "保护", "保证", "确保", "满足", "化解", "克服", "攻克",
    "增强", "加大", "扩大", "降低", "减少", "缩短", "改进", "健全", "遵守", "担负", "协调", "联系",
    "办理", "受理", "审核", "审查", "核查", "整治", "打击", "防范", "预防", "使用", "应用", "熟悉",
    "领会", "把握", "带领", "做好", "抓好", "搞好", "办好", "回复", "答复", "询问", "查看", "观看",
    "聆听", "倾听", "阅读", "填写", "签订", "核实", "告知", "提醒", "劝阻", "拨打", "接听", "跟踪",
    "记下", "写下", "留下", "接待", "欢迎", "迎接", "招待", "说道", "问道", "感叹", "称赞", "鼓掌",
    "点头", "挥手", "握手", "拥抱", "笑", "哭", "跑", "跳", "唱", "喊", "叫", "帮助", "支持",
    "指导",
];

/// Words that, straight after a verb of [`VERBS`], make it part of a noun phrase
/// (积极的促进作用, 认真的学习态度, 积极的参与者, 在…的参与下).
const NOUN_AFTER_VERB: &[&str] = &[
    "作用",
    "态度",
    "意识",
    "能力",
    "热情",
    "氛围",
    "作风",
    "过程",
    "机制",
    "方式",
    "成果",
    "效果",
    "局面",
    "力度",
    "环境",
    "状态",
    "方法",
    "措施",
    "理念",
    "思路",
    "体系",
    "平台",
    "效应",
    "模式",
    "路径",
    "举措",
    "行为",
    "动力",
    "意义",
    "价值",
    "成效",
    "人员",
    "积极性",
    "主动性",
    "者",
    "中",
    "下",
    "里",
    "后",
    "时",
    "前",
    "之",
    "度",
    "率",
    "量",
    "的",
    "和",
    "与",
    "及",
    "或",
    "并",
    "场景",
    "领域",
    "前景",
    "范围",
    "空间",
    "基础",
    "条件",
    "渠道",
    "内容",
    "形式",
    "手段",
    "载体",
    "实践",
    "案例",
    "效益",
    "体验",
    "环节",
    "阶段",
    "节奏",
    "结果",
    "对象",
    "原则",
    "重点",
    "难点",
    "热点",
    "主体",
    "专家",
    "团队",
    "小组",
    "负责人",
    "范例",
    "典范",
    "榜样",
    "力量",
    "信心",
    "决心",
    "作品",
    "课程",
    "期间",
    "当中",
    "以来",
    "以后",
    "之中",
    "方案",
    "计划",
    "细则",
    "意见",
    "办法",
    "规则",
    "要点",
    "纲要",
    "清单",
    "流程",
    "预案",
    "路线",
    "蓝图",
];

/// Nouns that begin with a character of [`VERBS`] (想法, 做法, 向好, 对手).
const NOUNS_FROM_VERBS: &[&str] = &[
    "想法",
    "做法",
    "说法",
    "看法",
    "讲话",
    "说明",
    "看点",
    "干部",
    "干劲",
    "抓手",
    "写照",
    "向好",
    "向导",
    "向往",
    "对手",
    "对象",
    "对策",
    "对话",
    "对比",
    "对照",
    "对接",
    "对应",
    "对待",
    "对口",
    "对称",
    "对立",
    "对抗",
    "对外",
    "对方",
    "对错",
    "对联",
    "为人",
    "将来",
    "将军",
    "讲解",
    "看台",
    "听众",
    "走势",
    "走向",
    "写作",
    "想象",
    "说服",
    "参与度",
    "做工",
    "干线",
];

/// Words before the adverbial, in the same clause, that make the phrase a noun phrase
/// (进行了深入的交流, 得到了大家积极的参与, 一次认真的学习).
const NOMINAL_CONTEXT: &[&str] = &[
    "进行",
    "开展",
    "作了",
    "做了",
    "作出",
    "做出",
    "给予",
    "得到",
    "受到",
    "赢得",
    "获得",
    "取得",
    "有了",
    "起到",
    "发挥",
    "离不开",
    "感谢",
    "通过",
    "经过",
    "加强",
    "实现",
    "依靠",
    "需要",
    "一次",
    "一场",
    "一个",
    "是",
    "提供",
    "迎来",
    "带来",
    "形成",
    "营造",
    "具有",
    "具备",
    "拥有",
    "有着",
    "表现出",
    "展现出",
    "体现出",
    "作为",
    "成为",
    "属于",
    "开启",
    "迎接",
    "期待",
    "赢来",
    "推出",
];

/// Verbs whose degree complement takes 得 (做得很好, 开展得如火如荼).
const DEGREE_VERBS: &[&str] = &[
    "做", "干", "搞", "办", "完成", "开展", "进行", "发展", "落实", "组织", "表现", "准备", "安排",
    "布置", "学", "写", "说", "讲", "跑", "走", "建设", "推进", "唱", "处理", "执行", "解决",
    "实施", "推广", "收拾", "打扫", "整理", "变化", "提高", "增长", "进展", "恢复", "掌握", "理解",
    "配合", "协调", "衔接", "管理", "运行", "举办", "筹备", "宣传", "展示", "体现", "发挥", "保持",
    "坚持", "贯彻", "抓", "开", "做好", "学习", "进步", "成长", "设计", "修复", "安装", "部署",
    "维护", "跳", "搞好", "写作", "表演", "演", "画", "拍", "讲解", "介绍", "回答", "解答", "忙",
    "干活",
];

/// Degree complements after 得 (很好, 非常出色, 如火如荼).
const DEGREE_WORDS: &[&str] = &[
    "很",
    "非常",
    "十分",
    "特别",
    "相当",
    "格外",
    "极为",
    "极其",
    "较为",
    "比较",
    "更加",
    "越来越",
    "如火如荼",
    "有声有色",
    "井井有条",
    "热火朝天",
    "淋漓尽致",
    "有条不紊",
    "扎扎实实",
    "红红火火",
    "不错",
    "更好",
    "更快",
    "越发",
    "愈发",
    "好极了",
    "尤为",
    "颇为",
    "更为",
    "较快",
    "较好",
    "不够",
    "卓有成效",
    "扎实有效",
    "热热闹闹",
    "有模有样",
    "顺顺利利",
    "圆圆满满",
    "又快又好",
    "又好又快",
    "津津有味",
    "干净利落",
    "栩栩如生",
    "井然有序",
    "恰到好处",
    "很到位",
    "非常到位",
];

/// After a degree word: "very many" (他做的很多工作) makes an attribute, not a complement.
const NOT_DEGREE_AFTER: &[&str] = &["很多", "很少", "很大程度", "非常多", "十分之", "比较多"];

/// A 的/地/得 slip: the particle at `at` should be `right`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ParticleSlip {
    pub at: usize,
    pub wrong: char,
    pub right: char,
}

fn ends_with_at(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && chars[end - n..end].iter().copied().eq(word.chars())
}

fn starts_with_at(chars: &[char], start: usize, word: &str) -> bool {
    let n = word.chars().count();
    start + n <= chars.len() && chars[start..start + n].iter().copied().eq(word.chars())
}

/// The longest word of `list` ending at `end`.
fn word_ending_at(chars: &[char], end: usize, list: &[&'static str]) -> Option<&'static str> {
    list.iter()
        .filter(|w| ends_with_at(chars, end, w))
        .max_by_key(|w| w.chars().count())
        .copied()
}

/// The longest word of `list` starting at `start`.
fn word_starting_at(chars: &[char], start: usize, list: &[&'static str]) -> Option<&'static str> {
    list.iter()
        .filter(|w| starts_with_at(chars, start, w))
        .max_by_key(|w| w.chars().count())
        .copied()
}

fn is_clause_mark(c: char) -> bool {
    !cjk::is_han(c) && !c.is_ascii_alphanumeric()
}

/// 的/地/得 slips in a text: an adverbial with 的 or 得 before a verb (更好的为 → 地),
/// and a verb with 的 or 地 before its degree complement (做的很好 → 得).
pub(super) fn particle_slips(chars: &[char]) -> Vec<ParticleSlip> {
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, '的' | '地' | '得') {
            continue;
        }
        if c != '地' {
            if let Some(slip) = adverbial_slip(chars, i) {
                out.push(slip);
                continue;
            }
        }
        if c != '得' {
            if let Some(slip) = degree_slip(chars, i) {
                out.push(slip);
            }
        }
    }
    out
}

/// 更好的为, 认真的做, 积极得参与: the particle should be 地.
fn adverbial_slip(chars: &[char], i: usize) -> Option<ParticleSlip> {
    let adverbial_len = match word_ending_at(chars, i, ADVERBIALS) {
        Some(w) => w.chars().count(),
        // An AABB word (高高兴兴, 仔仔细细) before a verb is adverbial too.
        None if is_aabb(chars, i) => 4,
        None => return None,
    };
    // A listed verb, or any two-character word that takes an aspect marker or a
    // directional complement (研究了, 讨论着, 行动起来): only verbs do.
    let marked = chars
        .get(i + 1..i + 3)
        .is_some_and(|w| w.iter().all(|&c| cjk::is_han(c)))
        // 了 at the clause's end is the sentence's (没有更高兴的事情了。), not the verb's.
        && ((matches!(chars.get(i + 3), Some('了' | '着' | '过'))
            && chars.get(i + 4).is_some_and(|&c| cjk::is_han(c)))
            || starts_with_at(chars, i + 3, "起来"));
    let verb = if marked {
        Some("")
    } else {
        word_starting_at(chars, i + 1, VERBS)
    };
    let verb = verb?;
    let after = if verb.is_empty() {
        i + 3
    } else {
        i + 1 + verb.chars().count()
    };
    // The verb must go on (an object or complement), not end the clause or head a noun;
    // a verb of saying may end it (高兴的说：).
    let next = *chars.get(after)?;
    let says = SPEECH_VERBS.contains(&verb) && "：，“".contains(next);
    if !(cjk::is_han(next) || says)
        || (!marked && word_starting_at(chars, after, NOUN_AFTER_VERB).is_some())
        || (!marked && word_starting_at(chars, i + 1, NOUNS_FROM_VERBS).is_some())
    {
        return None;
    }
    // A verb-nominalising word earlier in the clause (进行了深入的交流).
    let start = i - adverbial_len;
    let clause_start = chars[..start]
        .iter()
        .rposition(|&c| is_clause_mark(c))
        .map_or(0, |p| p + 1);
    let context = &chars[clause_start..start];
    if NOMINAL_CONTEXT
        .iter()
        .any(|w| (0..context.len()).any(|k| starts_with_at(context, k, w)))
    {
        return None;
    }
    Some(ParticleSlip {
        at: i,
        wrong: chars[i],
        right: '地',
    })
}

/// Whether the four characters before `end` are AABB (高高兴兴).
fn is_aabb(chars: &[char], end: usize) -> bool {
    end >= 4 && {
        let w = &chars[end - 4..end];
        w.iter().all(|&c| cjk::is_han(c)) && w[0] == w[1] && w[2] == w[3] && w[0] != w[2]
    }
}

/// Verbs of saying, which may end a clause after an adverbial (激动地说：).
const SPEECH_VERBS: &[&str] = &[
    "说", "问", "讲", "表示", "回答", "告诉", "介绍", "感叹", "称赞", "说道", "问道",
];

/// 做的很好, 开展的如火如荼, 发展地很快: the particle should be 得.
fn degree_slip(chars: &[char], i: usize) -> Option<ParticleSlip> {
    let verb = word_ending_at(chars, i, DEGREE_VERBS)?;
    word_starting_at(chars, i + 1, DEGREE_WORDS)?;
    if word_starting_at(chars, i + 1, NOT_DEGREE_AFTER).is_some() {
        return None;
    }
    let start = i - verb.chars().count();
    // 所说的很对: a 的-phrase as subject, not a complement.
    if start > 0 && chars[start - 1] == '所' {
        return None;
    }
    // The verb begins its word: 所做 / 看做 aside, 工作 / 叫做 end in 做 but 作业做 …
    if start > 0 && ends_with_at(chars, start, "叫") {
        return None;
    }
    Some(ParticleSlip {
        at: i,
        wrong: chars[i],
        right: '得',
    })
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
pub(super) fn doubled_words(chars: &[char]) -> Vec<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn ordinals(s: &str) -> Vec<usize> {
        let c = chars(s);
        (0..c.len()).filter(|&i| arabic_ordinal_at(&c, i)).collect()
    }

    /// Ordinals are found at a paragraph's start and after clause marks, never inside a
    /// Latin or alphanumeric token or in a list of numbers.
    #[test]
    fn arabic_ordinals_anywhere_but_not_in_tokens_or_number_lists() {
        assert_eq!(ordinals("1、加强领导"), vec![1]);
        assert_eq!(
            ordinals("主要做法：1、加强领导；2、完善机制。"),
            vec![6, 13]
        );
        assert_eq!(ordinals("会议要求，12、落实责任"), vec![7]);
        assert_eq!(ordinals("要点如下 3、抓好落实"), vec![6]);
        assert_eq!(ordinals("1、2024年5月21日上午召开"), vec![1]);
        assert_eq!(ordinals("工作安排：2、6月10日前完成自查"), vec![6]);
        assert_eq!(ordinals("1、9月上旬召开评审会"), vec![1]);
        for clean in [
            "推进SRv6、网络切片等新技术",
            "建成5G、千兆光网",
            "今年1、2月份业务量增长",
            "，11、12月业务量回升",
            "，1、2月至今",
            "，3、5月销量回升",
            "获得第1、2名",
            "，5、6月份",
            "IPv6、SRv6和G.654.E光纤",
            "于2021、2022年连续举办",
            "以3、5、7为序",
        ] {
            assert!(ordinals(clean).is_empty(), "{clean}");
        }
    }

    fn particles(s: &str) -> Vec<(char, char)> {
        particle_slips(&chars(s))
            .iter()
            .map(|p| (p.wrong, p.right))
            .collect()
    }

    /// Adverbial 的/得 before a verb and 的/地 before a degree complement are found with
    /// the right particle; noun phrases with the same words are left alone.
    #[test]
    fn de_di_de_slips_are_found_and_noun_phrases_left_alone() {
        for (slip, want) in [
            ("更好的为会员单位服务", ('的', '地')),
            ("大家认真的做好每一项工作", ('的', '地')),
            ("各单位积极的参与到活动中来", ('的', '地')),
            ("员工们积极得投身抢修一线", ('得', '地')),
            ("认真细致的制作投标文件", ('的', '地')),
            ("这项工作做的很好", ('的', '得')),
            ("比赛开展的如火如荼", ('的', '得')),
            ("业务发展地非常快", ('地', '得')),
            ("各项任务完成的十分出色", ('的', '得')),
            ("老人高兴的说：“网速真快。”", ('的', '地')),
            ("他们仔仔细细的检查了每一处接头", ('的', '地')),
            ("工作人员热情的接待了来访群众", ('的', '地')),
            ("专家组认真的研究了整改方案", ('的', '地')),
            ("大家热烈的讨论着下一步工作", ('的', '地')),
        ] {
            assert_eq!(particles(slip), vec![want], "{slip}");
        }
        for clean in [
            "为公司做大做强起到积极的促进作用",
            "进行了汇报和深入的交流，取得共识",
            "得到了各单位积极的参与和支持",
            "树立认真的学习态度",
            "表现出积极的参与意识",
            "在大家积极的参与下顺利完成",
            "提供更好的服务保障",
            "他做的很多工作值得肯定",
            "正如所说的很对",
            "更好地为会员服务",
            "做得很好",
            "实现更好的发展",
            "积极的想法和做法",
            "经济呈现积极的向好态势",
            "有效的对接机制",
            "受到了热情的接待。",
            "给予满意的回答，",
            "干干净净的房间",
            "高兴的说法不一",
            "没有比这更高兴的事情了。",
        ] {
            assert!(
                particles(clean).is_empty(),
                "{clean}: {:?}",
                particles(clean)
            );
        }
    }

    /// A function word met by a word ending or beginning with it is two words, not a
    /// slip; the same character typed twice elsewhere is.
    #[test]
    fn doubled_function_words_that_are_two_words() {
        let at = |s: &str| {
            let c = chars(s);
            let i = (1..c.len()).find(|&i| c[i] == c[i - 1]).unwrap();
            doubling_is_words(&c, i)
        };
        for words in [
            "现在在家里就能办",
            "为了了解情况",
            "的的确确",
            "以及及时处置",
            "但是是否可行",
        ] {
            assert!(at(words), "{words}");
        }
        for slip in ["我们的的工作", "为了了提高", "他在在家"] {
            assert!(!at(slip), "{slip}");
        }
    }

    fn doubles(s: &str) -> Vec<String> {
        let c = chars(s);
        doubled_words(&c)
            .iter()
            .map(|&(at, len)| c[at..at + len].iter().collect())
            .collect()
    }

    /// Words of two to four characters typed twice are found; correct reduplication
    /// (ABAB verbs and adjectives, AABB, 一X一X, 看一看) is not.
    #[test]
    fn doubled_words_found_and_reduplication_excluded() {
        assert_eq!(doubles("推动行业发展发展迈上新台阶"), vec!["发展"]);
        assert_eq!(doubles("坚持高质量高质量发展"), vec!["高质量"]);
        assert_eq!(doubles("常年坚守一线一线的职工"), vec!["一线"]);
        assert_eq!(doubles("通信管理局通信管理局召开会议"), vec!["通信管理局"]);
        for clean in [
            "这件事我们要研究研究",
            "大家高高兴兴地回家",
            "一步一步地推进",
            "一天一天好起来，一个人一个人地问",
            "脸冻得通红通红",
            "请大家看一看看一看",
            "哈哈哈哈",
            "学习学习新知识",
            "人人有责，天天向上",
        ] {
            assert!(doubles(clean).is_empty(), "{clean}: {:?}", doubles(clean));
        }
    }
}
