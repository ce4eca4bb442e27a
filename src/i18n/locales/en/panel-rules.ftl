## Panel rules: the rules page, its history and editor, accepting them, joining with them.
panel-nav-rules = Rules
panel-log-rules-changed = Rules updated (version)
panel-rules-title = The panel's rules
panel-rules-old-title = The panel's rules, version { $version }
panel-rules-none = The panel has no rules agreed yet.
panel-rules-write = Write the rules
panel-rules-version = Version { $version }
panel-rules-old-note = You are reading an earlier version.
panel-rules-current-link = The rules in force
panel-rules-current = in force
panel-rules-history = Versions of the rules
panel-rules-edit = Edit the rules
panel-rules-edit-intro = Saving makes version { $version }. Members are asked to accept it.
panel-rules-edit-first = Write the panel's rules. Members accept them when they join.
panel-rules-field-body = Rules
panel-rules-field-note = What changed (optional)
panel-rules-field-note-hint = A short note on the change shows in the history of versions.
panel-rules-note-too-long = The note is too long (at most 300 characters).
panel-rules-save = Save a new version
panel-rules-saved = The rules were saved as a new version.
panel-rules-notice-title = The panel's rules have changed.
panel-rules-notice-body = Read the new rules and accept them.
panel-rules-notice-read = Read the rules
panel-rules-accept-intro = You have not accepted this version yet. You can read the panel all the same.
panel-rules-accept-button = I accept the rules
panel-rules-accepted = You accepted the panel's rules.
panel-rules-accept-label = I accept the panel's rules
panel-rules-accept-required = Accept the panel's rules to join: tick "I accept the panel's rules".
panel-rules-read-and-join = Read the rules and join
panel-rules-acceptances = Who has accepted the rules
panel-rules-acceptances-caption = Versions the members have accepted
panel-rules-not-yet =
    { $count ->
        [0] Every member has accepted the version in force
        [one] { $count } member has not accepted the version in force yet
       *[other] { $count } members have not accepted the version in force yet
    }
panel-rules-everyone-accepted = Everyone has accepted.
panel-rules-accepted-version = Accepted version
panel-rules-accepted-at = Accepted
panel-rules-older = earlier
panel-rules-not-accepted = not yet
data-rights-section-panel-rules = Panel rules you have accepted
