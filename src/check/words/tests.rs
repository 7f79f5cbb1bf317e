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
