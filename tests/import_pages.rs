//! `zhfind::import` on the five real OCR'd pages in `../shared/corpus/pages`.
//!
//! The expectations below were written by reading each page: which articles
//! it holds (in page order), the printed headline of each (empty when the
//! page does not carry it) and the first characters of each article's text
//! after its byline.

use std::path::{Path, PathBuf};

use zhfind::import::{han_chars, import_page, kind, page_text, to_json_line, ImportOptions};
use zhfind::normalize::is_han;
use zhfind::Article;

struct Page {
    file: &'static str,
    /// (headline, body starts with) per article.
    articles: &'static [(&'static str, &'static str)],
    captions: usize,
    unassigned: usize,
}

const PAGES: &[Page] = &[
    Page {
        file: "000_87e4b17440bed781.txt",
        articles: &[
            ("“交”融发展启新航", "新时代"),
            ("市委常委会召开会议", "12月24日"),
            (
                "在元旦春节期间开展走访慰问生活困难党员、老党员、老干部活动",
                "中共中央组织部",
            ),
            (
                "加强政治建设提高政治能力坚守人民情怀不断提高政治判断力政治领悟力政治执行力",
                "中共中央政治局于",
            ),
            (
                "市三届人大常委会第四十九次会议举行第二次全体会议",
                "12月25日",
            ),
            ("", "11月24日"),
        ],
        captions: 0,
        unassigned: 0,
    },
    Page {
        file: "001_321422fb7d6d2862.txt",
        articles: &[
            ("交城社会主义学院揭牌", "近日，交城"),
            ("开展“三零”单位创建 提高基层治理能力", "深入开展"),
            ("宣讲凝聚力量 蓝图鼓舞斗志", "学习宣讲"),
            ("交城县召开新冠肺炎疫情防控工作会议", "1月4日上午"),
            ("", "举旗帜"),
        ],
        captions: 1,
        unassigned: 1,
    },
    Page {
        file: "002_1102c3be27cc357c.txt",
        articles: &[
            ("中阳县：奋力打造“一心五区”县域经济发展新格局", "实干开新局"),
            ("交口县：夯基蓄势稳中进 步履铿锵勇向前", "蓝图远景"),
            ("建强小区党支部 做好居民自治“大文章”", "4月10日晚"),
            ("", "4月3日，"),
            (
                "吕梁市政府办公室口举办学习贯彻党的二十大精神知识竞答“擂台争霸赛”",
                "为持续推动",
            ),
        ],
        captions: 2,
        unassigned: 1,
    },
    Page {
        file: "003_0adf13b4713e7b3f.txt",
        articles: &[("奋力开创新时代绛县宣传思想文化工作新局面", "11月24日")],
        captions: 0,
        unassigned: 0,
    },
    Page {
        file: "004_27d3af81a534c271.txt",
        articles: &[
            ("", "市“两会”"),
            ("线上“云祭祀”清明更文明", "又是一年"),
            ("", "3月23日"),
            (
                "我市召开抓党建促基层治理能力提升动员暨培训会议",
                "3月25日，全市",
            ),
            ("", "3月25日，我市"),
            ("吕梁市区公交车4月1日起全民免费乘坐", "3月24日"),
        ],
        captions: 1,
        unassigned: 0,
    },
];

fn pages_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pages");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} does not exist", dir.display());
        None
    }
}

fn read(dir: &Path, file: &str) -> String {
    let bytes = std::fs::read(dir.join(file)).unwrap();
    page_text(&bytes, file).unwrap().to_string()
}

fn import(dir: &Path, file: &str) -> Vec<Article> {
    import_page(&read(dir, file), file, &ImportOptions::default())
        .unwrap()
        .articles
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn meta<'a>(a: &'a Article, key: &str) -> Option<&'a str> {
    a.meta
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn articles_headlines_and_starts() {
    let Some(dir) = pages_dir() else { return };
    let mut total = 0;
    let mut good = 0;
    for page in PAGES {
        let items = import(&dir, page.file);
        let arts: Vec<&Article> = items.iter().filter(|a| kind(a) == "article").collect();
        let count = |k: &str| items.iter().filter(|a| kind(a) == k).count();
        assert_eq!(arts.len(), page.articles.len(), "{}: {arts:#?}", page.file);
        assert_eq!(count("caption"), page.captions, "{}", page.file);
        assert_eq!(count("unassigned"), page.unassigned, "{}", page.file);
        for (a, (title, start)) in arts.iter().zip(page.articles) {
            total += 1;
            let ok_title = squash(&a.title) == squash(title);
            let ok_start = squash(&a.body).starts_with(&squash(start));
            assert!(
                ok_title,
                "{}: title {:?}, want {title:?}",
                page.file, a.title
            );
            assert!(
                ok_start,
                "{}: {} starts {:?}",
                page.file,
                a.id,
                &a.body[..30]
            );
            good += usize::from(ok_title && ok_start);
        }
    }
    assert_eq!(good, total);
}

#[test]
fn headline_parts_bylines_and_markers() {
    let Some(dir) = pages_dir() else { return };
    let p0 = import(&dir, "000_87e4b17440bed781.txt");
    assert_eq!(p0[0].author, "吕继峰 张娟娟");
    assert_eq!(meta(&p0[0], "subtitle"), Some("\"——记交城县融媒体中心\""));
    assert_eq!(meta(&p0[0], "continues_on"), Some("\"2版\""));
    assert_eq!(meta(&p0[0], "jumps"), Some("[\"下转2版\"]"));
    assert_eq!(p0[1].author, "记者 李雅萍");
    assert_eq!(meta(&p0[1], "byline"), Some("\"本报讯 （记者 李雅萍）\""));
    assert_eq!(meta(&p0[1], "subtitle"), Some("\"李正印主持\""));
    assert_eq!(
        meta(&p0[2], "kicker"),
        Some("\"中共中央组织部下发通知要求\"")
    );
    assert_eq!(meta(&p0[2], "byline"), Some("\"新华社北京12月25日电\""));
    assert_eq!(
        meta(&p0[3], "subtitle"),
        Some("\"中共中央总书记习近平主持会议并发表重要讲话\"")
    );
    assert_eq!(p0[5].author, "梁宏蕊");
    assert_eq!(meta(&p0[5], "credit"), Some("\"（梁宏蕊）\""));
    for a in &p0 {
        assert!(!a.body.contains("下转"), "{}", a.id);
        assert!(!a.body.contains("本报讯"), "{}", a.id);
    }
    // Subheads stay in the body, as their own paragraphs.
    assert!(p0[0].body.contains("\n移动优先 打造立体传播矩阵\n"));
    // OCR spaces inside words are gone, numbers are joined to their units.
    assert!(p0[0].body.contains("于2019年3月8日正式揭牌运行"));
    assert!(p0[1].body.contains("好我市境内文物古迹"));

    let p1 = import(&dir, "001_321422fb7d6d2862.txt");
    let talk = p1.iter().find(|a| a.title.starts_with("宣讲凝聚")).unwrap();
    assert_eq!(talk.author, "孙宝忠 司瑞芳");
    let photo = p1.iter().find(|a| kind(a) == "caption").unwrap();
    assert_eq!(photo.author, "张英杰");
    assert!(photo.body.starts_with("小寒时节"));

    let p2 = import(&dir, "002_1102c3be27cc357c.txt");
    let party = p2.iter().find(|a| a.title.starts_with("建强小区")).unwrap();
    assert_eq!(
        meta(party, "kicker"),
        Some("\"孙大军在离石区滨河街道美景华庭小区调研座谈时强调\"")
    );
    let contest = p2.iter().find(|a| a.title.contains("擂台争霸赛")).unwrap();
    assert_eq!(contest.author, "记者 韩笑 实习生 李琦");
    let captions: Vec<&Article> = p2.iter().filter(|a| kind(a) == "caption").collect();
    let owner = |c: &Article| meta(c, "article_id").map(|v| v.trim_matches('"').to_string());
    assert_eq!(owner(captions[0]), Some(party.id.clone()));
    assert_eq!(owner(captions[1]), Some(contest.id.clone()));
    assert_eq!(captions[1].author, "记者 侯利军");
    assert!(
        captions[0].body.ends_with("座谈。 记者 王益炜 摄"),
        "{}",
        captions[0].body
    );

    let p4 = import(&dir, "004_27d3af81a534c271.txt");
    assert_eq!(meta(&p4[0], "continues_on"), Some("\"4版\""));
    assert_eq!(
        meta(&p4[1], "subtitle"),
        Some("\"我市清明节线上祭祀平台启动\"")
    );
    assert_eq!(
        meta(&p4[3], "subtitle"),
        Some("\"孙大军马慧健讲话 张广勇主持\"")
    );
}

#[test]
fn no_han_character_is_lost() {
    let Some(dir) = pages_dir() else { return };
    for page in PAGES {
        let text = read(&dir, page.file);
        let got = import_page(&text, page.file, &ImportOptions::default()).unwrap();
        let want = text.chars().filter(|&c| is_han(c)).count();
        let out: usize = got.articles.iter().map(han_chars).sum();
        assert_eq!(out, want, "{}", page.file);
        assert_eq!(got.stats.han_chars_in, want);
        assert_eq!(got.stats.han_chars_out, want);
        // Independently of han_chars: the multiset of Han characters is kept.
        let mut src: Vec<char> = text.chars().filter(|&c| is_han(c)).collect();
        let mut dst: Vec<char> = got
            .articles
            .iter()
            .flat_map(|a| {
                let mut s = a.title.clone() + &a.body;
                for (k, v) in &a.meta {
                    if ["kicker", "subtitle", "byline", "credit", "jumps"].contains(&k.as_str()) {
                        s.push_str(v);
                    }
                }
                s.chars().filter(|&c| is_han(c)).collect::<Vec<_>>()
            })
            .collect();
        src.sort_unstable();
        dst.sort_unstable();
        assert!(src == dst, "{}", page.file);
    }
}

#[test]
fn ids_are_stable_and_unique() {
    let Some(dir) = pages_dir() else { return };
    let mut all = std::collections::HashSet::new();
    for page in PAGES {
        let a = import(&dir, page.file);
        let b = import(&dir, page.file);
        assert_eq!(a, b, "{}", page.file);
        for item in &a {
            assert!(all.insert(item.id.clone()), "duplicate id {}", item.id);
        }
    }
    let first = import(&dir, "000_87e4b17440bed781.txt");
    assert_eq!(first[0].id, "000_87e4b17440bed781-01");
    assert_eq!(first[0].url, "/000_87e4b17440bed781-01.html");
    // With metadata, ids and urls use it; the text does not change.
    let opts = ImportOptions {
        date: Some("2020-12-26".into()),
        page: Some("1".into()),
        paper: Some("lvliang".into()),
        url_pattern: None,
    };
    let text = read(&dir, "000_87e4b17440bed781.txt");
    let with = import_page(&text, "000_87e4b17440bed781.txt", &opts)
        .unwrap()
        .articles;
    assert_eq!(with[0].id, "lvliang-2020-12-26-1-01");
    assert_eq!(
        with[0].url,
        "/lvliang/2020-12-26/1/lvliang-2020-12-26-1-01.html"
    );
    assert_eq!(
        (with[0].date.as_str(), with[0].page.as_str()),
        ("2020-12-26", "1")
    );
    assert_eq!(meta(&with[0], "paper"), Some("\"lvliang\""));
    assert_eq!(with[0].body, first[0].body);
}

#[test]
fn jsonl_round_trips() {
    let Some(dir) = pages_dir() else { return };
    let opts = ImportOptions {
        date: Some("2021-01-05".into()),
        page: Some("3".into()),
        ..ImportOptions::default()
    };
    for page in PAGES {
        let text = read(&dir, page.file);
        for a in import_page(&text, page.file, &opts).unwrap().articles {
            let line = to_json_line(&a);
            let back = zhfind::article::parse_line(&line, "out.jsonl", 1).unwrap();
            assert_eq!(back, a, "{line}");
        }
    }
}

fn zhfind_import(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zhfind"))
        .arg("import")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn command_line() {
    let Some(dir) = pages_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pages.jsonl");
    let run = zhfind_import(&[dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("000_87e4b17440bed781.txt: 6 articles, 0 captions, 0 unassigned"),
        "{stderr}"
    );
    assert!(
        stderr.contains("total: 5 pages, 23 articles, 4 captions"),
        "{stderr}"
    );
    let jsonl = std::fs::read_to_string(&out).unwrap();
    let n = zhfind::article::JsonlReader::new(jsonl.as_bytes(), "pages.jsonl")
        .inspect(|r| assert!(r.is_ok(), "{r:?}"))
        .count();
    assert_eq!(n, 23 + 4 + 2);

    // A dated file name gives date and page; flags override it.
    let dated = tmp.path().join("lvliang_2021-01-05_03.txt");
    std::fs::copy(dir.join("003_0adf13b4713e7b3f.txt"), &dated).unwrap();
    let run = zhfind_import(&[dated.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains(r#""id":"lvliang-2021-01-05-3-01""#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#""date":"2021-01-05","page":3"#),
        "{stdout}"
    );
    let run = zhfind_import(&[
        dated.to_str().unwrap(),
        "--page",
        "A4",
        "--url",
        "https://x.cn/{date}/{id}",
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains(r#""url":"https://x.cn/2021-01-05/lvliang-2021-01-05-A4-01""#),
        "{stdout}"
    );

    // Bad input: clear errors naming the file.
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, b"\xe6\x96\xb0\n\xff\n").unwrap();
    let run = zhfind_import(&[bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stderr.contains("bad.txt:2: not UTF-8"), "{stderr}");
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "\n \n").unwrap();
    let stderr =
        String::from_utf8_lossy(&zhfind_import(&[empty.to_str().unwrap()]).stderr).to_string();
    assert!(stderr.contains("empty.txt: empty page"), "{stderr}");
    let run = zhfind_import(&[dated.to_str().unwrap(), "--date", "2021-02-30"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("field `date`: `2021-02-30` is not a YYYY-MM-DD date"),
        "{stderr}"
    );
    // Two pages that would get the same ids.
    let run = zhfind_import(&[dir.to_str().unwrap(), "--date", "2021-01-05", "--page", "1"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("duplicate id"), "{stderr}");
}
