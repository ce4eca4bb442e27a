//! The panel's tab row, shared by every page inside a panel (panels, tasks and workshops
//! alike): a page puts a `nav: PanelNav` field on itself and includes `panels/nav.html`.
use super::access::PanelAccess;

/// The panel's tab row, for every page inside a panel (polls and workshops use it too):
/// put a `nav: PanelNav` field on the page and `{% include "panels/nav.html" %}` it.
#[derive(Clone, Debug)]
pub struct PanelNav {
    pub slug: String,
    pub name: String,
    /// The current tab: "overview", "topics", "members", "tasks", "workshops",
    /// "actions", "year", "rules", "applications", "log" or "" for none.
    pub current: &'static str,
    pub facilitator: bool,
    pub reads_content: bool,
    /// Whether the panel has rules (the Rules tab shows to readers then, to facilitators
    /// always).
    pub has_rules: bool,
    /// A member who has not accepted the current rules: the tab row carries a notice.
    pub rules_pending: bool,
}

impl PanelNav {
    pub fn new(access: &PanelAccess, current: &'static str) -> PanelNav {
        PanelNav {
            slug: access.panel.slug.clone(),
            name: access.panel.name.clone(),
            current,
            facilitator: access.is_facilitator(),
            reads_content: access.reads_content(),
            has_rules: access.rules.exist(),
            rules_pending: access.rules_pending(),
        }
    }

    /// (tab, href, catalogue key) of the tabs this reader gets.
    pub fn tabs(&self) -> Vec<(&'static str, String, &'static str)> {
        let base = format!("/panels/{}", self.slug);
        let mut tabs = vec![("overview", base.clone(), "panel-nav-overview")];
        if self.reads_content {
            tabs.push(("topics", format!("{base}/topics"), "panel-nav-topics"));
            tabs.push(("members", format!("{base}/members"), "panel-nav-members"));
            tabs.push(("tasks", format!("{base}/tasks"), "panel-nav-tasks"));
            tabs.push((
                "workshops",
                format!("{base}/workshops"),
                "panel-nav-workshops",
            ));
            tabs.push(("actions", format!("{base}/actions"), "panel-nav-actions"));
            tabs.push(("year", format!("{base}/year"), "panel-nav-year"));
        }
        if (self.reads_content && self.has_rules) || self.facilitator {
            tabs.push(("rules", format!("{base}/rules"), "panel-nav-rules"));
        }
        if self.facilitator {
            tabs.push((
                "applications",
                format!("{base}/applications"),
                "panel-nav-applications",
            ));
            tabs.push(("log", format!("{base}/log"), "panel-nav-log"));
        }
        tabs
    }
}
