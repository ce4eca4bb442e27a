//! Broken and hostile exports: a clear error before anything is written, or the bad part
//! cleaned or left out; never a crash.
use std::path::PathBuf;

use lupa::import::{model::Format, model::SkipReason, service::ImportError};

use super::{count_posts, data, import, post_titled, skipped};
use crate::helpers::{TEST_ORG, TestApp};

async fn site() -> TestApp {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    app.create_organization(TEST_ORG).await;
    app
}

/// A file with these bytes in a temporary folder (kept while the folder lives).
fn file(dir: &tempfile::TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[tokio::test]
async fn a_file_cut_short_is_refused_before_anything_is_written() {
    let app = site().await;
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read_to_string(data("wordpress.xml")).unwrap();
    // Cut inside the last item: the posts before it are complete, and still not imported.
    let cut = whole.rfind("Vanha testikirjoitus").unwrap();
    let path = file(&dir, "cut.xml", &whole[..cut]);
    let before = count_posts(&app).await;
    let err = import(&app, Format::WordPress, &path).await.unwrap_err();
    assert!(matches!(err, ImportError::Xml { .. }), "{err}");
    assert!(err.to_string().contains("not well-formed"), "{err}");
    assert_eq!(count_posts(&app).await, before);

    // Unclosed at the very end (the root element never ends).
    let whole = std::fs::read_to_string(data("blogger-takeout.atom")).unwrap();
    let path = file(&dir, "open.atom", whole.replace("</feed>", ""));
    let err = import(&app, Format::Blogger, &path).await.unwrap_err();
    assert!(matches!(err, ImportError::Xml { .. }), "{err}");
    assert_eq!(count_posts(&app).await, before);
}

#[tokio::test]
async fn files_in_other_encodings_are_refused_with_what_to_do() {
    let app = site().await;
    let dir = tempfile::tempdir().unwrap();
    let latin1 = file(
        &dir,
        "latin1.xml",
        b"<?xml version='1.0' encoding='ISO-8859-1'?><feed><entry><title>P\xe4iv\xe4\xe4</title></entry></feed>",
    );
    let err = import(&app, Format::Blogger, &latin1).await.unwrap_err();
    assert!(
        matches!(err, ImportError::Encoding(ref e) if e == "ISO-8859-1"),
        "{err}"
    );
    assert!(err.to_string().contains("iconv"), "{err}");

    // Undeclared bytes that are not UTF-8.
    let mislabeled = file(
        &dir,
        "mislabeled.xml",
        b"<?xml version='1.0'?><feed><entry><title>P\xe4iv\xe4\xe4</title></entry></feed>",
    );
    let err = import(&app, Format::Blogger, &mislabeled)
        .await
        .unwrap_err();
    assert!(matches!(err, ImportError::NotUtf8 { .. }), "{err}");

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "<feed></feed>".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let utf16 = file(&dir, "utf16.xml", utf16);
    let err = import(&app, Format::Blogger, &utf16).await.unwrap_err();
    assert!(matches!(err, ImportError::Encoding(_)), "{err}");
    assert_eq!(count_posts(&app).await, 0);
}

#[tokio::test]
async fn entity_bombs_and_external_entities_are_never_expanded() {
    let app = site().await;
    let dir = tempfile::tempdir().unwrap();
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE feed [\n<!ENTITY lol \"lol\">\n");
    bomb.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for n in 2..=9 {
        let prev = format!("&lol{};", n - 1);
        bomb.push_str(&format!("<!ENTITY lol{n} \"{}\">\n", prev.repeat(10)));
    }
    bomb.push_str("]>\n<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>x</id>\
        <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
        <title>Pommi</title><content type='html'>&lol9;</content></entry></feed>");
    let path = file(&dir, "bomb.xml", bomb);
    let err = import(&app, Format::Blogger, &path).await.unwrap_err();
    assert!(
        matches!(err, ImportError::Entity { ref name, .. } if name == "lol9"),
        "{err}"
    );
    assert!(err.to_string().contains("never expanded"), "{err}");

    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
        <feed xmlns='http://www.w3.org/2005/Atom'><entry><id>y</id>\
        <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
        <title>Salaisuus</title><content type='html'>&xxe;</content></entry></feed>";
    let path = file(&dir, "xxe.xml", external);
    let err = import(&app, Format::Blogger, &path).await.unwrap_err();
    assert!(
        matches!(err, ImportError::Entity { ref name, .. } if name == "xxe"),
        "{err}"
    );
    assert_eq!(count_posts(&app).await, 0);
}

#[tokio::test]
async fn the_wrong_format_is_named() {
    let app = site().await;
    let err = import(&app, Format::Blogger, &data("wordpress.xml"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ImportError::NotAnExport { expected: "Blogger", ref found } if found == "rss"),
        "{err}"
    );
    let err = import(&app, Format::WordPress, &data("blogger-classic.xml"))
        .await
        .unwrap_err();
    assert!(matches!(err, ImportError::NotAnExport { .. }), "{err}");
    assert_eq!(count_posts(&app).await, 0);
}

#[tokio::test]
async fn oversized_and_deeply_nested_entries_are_left_out_and_the_rest_imported() {
    let app = site().await;
    let dir = tempfile::tempdir().unwrap();
    let entry = |id: &str, title: &str, content: &str| {
        format!(
            "<entry><id>{id}</id>\
             <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
             <title>{title}</title><content type='html'>{content}</content></entry>"
        )
    };
    // A body too long for a post (5 MB), one nested too deeply as HTML, one whose XML
    // nests 100 000 levels, and one good post.
    let long = "&lt;p&gt;sana&lt;/p&gt;".repeat(5_000_000 / 20);
    let deep_html = format!(
        "{}syvä{}",
        "&lt;div&gt;".repeat(200),
        "&lt;/div&gt;".repeat(200)
    );
    let deep_xml = format!("{}x{}", "<b>".repeat(100_000), "</b>".repeat(100_000));
    let deep_entry = format!(
        "<entry><id>c</id><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/><title>Syvä XML</title><content type='html'>ok</content><extra>{deep_xml}</extra></entry>"
    );
    let feed = [
        "<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            .to_owned(),
        entry("a", "Liian pitkä", &long),
        entry("b", "Liian syvä", &deep_html),
        deep_entry,
        entry(
            "d",
            "Hyvä kirjoitus",
            "&lt;p&gt;Tämä tulee perille.&lt;/p&gt;",
        ),
        "</feed>".to_owned(),
    ]
    .concat();
    let path = file(&dir, "big.xml", feed);
    let summary = import(&app, Format::Blogger, &path).await.unwrap();
    assert_eq!(skipped(&summary, SkipReason::TooLarge), 2, "{summary}");
    // The deep XML is read past (not kept), so its entry's own fields still import.
    assert_eq!(summary.posts, 2, "{summary}");
    let good = post_titled(&app, "Hyvä kirjoitus").await;
    assert!(good.body_html.contains("Tämä tulee perille."));
    post_titled(&app, "Syvä XML").await;
}
