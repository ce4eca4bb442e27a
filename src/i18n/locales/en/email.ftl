email-kind-general = Account messages
email-kind-panel-invitation = Invitations to panels
email-kind-panel-decision = Decisions on panel applications
email-kind-poll-opened = New scheduling polls
email-kind-time-confirmed = Confirmed workshop times
email-kind-registration = Registrations and moves up from the waiting list
email-kind-workshop-changed = Changed and cancelled workshops
email-kind-reminder = Reminders before a workshop
email-kind-task-closing = Tasks closing that you have not answered
email-unsubscribe-footer = You receive this because you are subscribed to: { $kind }. You can stop these emails with this link:
email-unsubscribe-link = Stop emails about this
email-unsubscribe-title = Unsubscribe
email-unsubscribe-confirm = Do you want to stop emails about: { $kind }?
email-unsubscribe-submit = Stop these emails
email-unsubscribe-done = You will no longer get emails about: { $kind }.
email-unsubscribe-settings-note = You can change your choices at any time.
email-unsubscribe-settings-link = Settings
email-unsubscribe-invalid-title = The link is not valid
email-unsubscribe-invalid = This unsubscribe link is not known. Check that you copied the whole address, or change your choices in your settings.
email-bad-form = The form could not be read.
email-admin-title = Outgoing email
email-admin-pending = { $count ->
    [one] One email is waiting to be sent.
   *[other] { $count } emails are waiting to be sent.
}
email-admin-failed = Failed emails
email-admin-none = Every email has been delivered.
email-admin-to = To
email-admin-subject = Subject
email-admin-attempts = Attempts
email-admin-error = Last error
email-admin-failed-at = Given up
email-admin-actions = Actions
email-admin-retry = Retry
email-admin-retry-label = Retry sending: { $subject }
email-admin-retried = The email is back in the queue.
