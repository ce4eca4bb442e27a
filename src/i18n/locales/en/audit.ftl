# The audit log page and its CSV file.
audit-title = Audit log
audit-lead = Every moderation and administrative action on the site. Entries are never changed; people are shown by their current names.
audit-filter-title = Filter
audit-filter-any = Any
audit-filter-person = Person (id)
audit-filter-person-hint = Entries where this person acted or was acted on.
audit-filter-from = From (date)
audit-filter-to = To (date)
audit-filter-apply = Show
audit-csv = Download as CSV
audit-empty = No entries.
audit-caption =
    { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }
audit-col-when = When
audit-col-who = Who
audit-col-what = What
audit-col-target = Target
audit-col-target-id = Target id
audit-col-subject = Concerning
audit-col-reason = Reason
audit-col-before = Before
audit-col-after = After
audit-system = The system
audit-former-participant = Former participant
audit-action-approve = Approved
audit-action-reject = Rejected
audit-action-edit = Edited
audit-action-hide = Hid
audit-action-unhide = Showed again
audit-action-suspend = Suspended
audit-action-unsuspend = Lifted a suspension
audit-action-auto-hide-by-flags = Hidden by flags
audit-action-dismiss-flags = Dismissed flags
audit-action-delete-account = Deleted an account
audit-action-change-role = Changed a role
audit-action-deactivate = Deactivated
audit-action-reactivate = Reactivated
audit-action-change-settings = Changed site settings
audit-action-change-privacy-notice = Changed the privacy notice
audit-action-feedback-status = Changed a feedback status
audit-action-feedback-assign = Assigned feedback
audit-action-feedback-reply = Replied to feedback
audit-action-feedback-publish = Published feedback
audit-action-feedback-erase-email = Erased a feedback email address
audit-action-erase-person = Erased a person's data
audit-action-retention-pass = Data past its retention period deleted
audit-action-change-data-rights = Changed the erasure and retention settings
audit-target-post = Post
audit-target-comment = Comment
audit-target-user = Person
audit-target-panel = Panel
audit-target-feedback = Feedback
audit-target-settings = Settings
