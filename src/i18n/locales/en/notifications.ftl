notify-bell = Notifications
notify-bell-unread =
    { $count ->
        [one] { $count } new notification
       *[other] { $count } new notifications
    }
notify-title = Notifications
notify-unread-count =
    { $count ->
        [one] { $count } unread notification.
       *[other] { $count } unread notifications.
    }
notify-none-unread = No unread notifications.
notify-settings-link = Email settings
notify-mark-all-read = Mark all as read
notify-mark-read = Mark as read
notify-all-read = All notifications were marked as read.
notify-empty = No notifications yet. When someone replies to you, mentions you or writes about something you follow, you will see it here.
notify-new = New
notify-older = Older notifications
notify-reason = Reason: { $reason }
notify-text-reply = { $who } replied to you: { $title }
notify-text-mention = { $who } mentioned you: { $title }
notify-text-comment = { $who } commented: { $title }
notify-text-new-post = { $who } wrote: { $title }
notify-text-new-topic = { $who } started a discussion: { $title }
notify-text-moderation-approved = Your contribution was approved: { $title }
notify-text-moderation-rejected = Your contribution was not published: { $title }
notify-text-moderation-hidden = Your contribution was hidden: { $title }
notify-text-action-moved = { $who } moved an action to { $status }: { $title }
notify-bad-id = The notification id is not valid.
notify-bad-action = Unknown action.
notify-read-ids-or-all = Give either ids or all, not both.
notify-following-title = Following
notify-following-lead = You are notified when something new happens here. You follow your own posts, the posts you commented on and your panels automatically.
notify-following-empty = You do not follow anything yet. The Follow button is on the pages of posts, labels, organisations, people and panels.
notify-follow-kind-post = Post
notify-follow-kind-label = Label
notify-follow-kind-organization = Organisation
notify-follow-kind-person = Person
notify-follow-kind-panel = Panel
notify-follow = Follow
notify-following = Following
notify-unfollow = Unfollow
notify-followed = You now follow:
notify-unfollowed = You no longer follow:
notify-settings-title = Email settings
notify-delivery-heading = When you get email
notify-delivery-lead = Choose for each kind of notification whether it is emailed at once, in the daily or weekly digest, or not at all. Notifications always show on the site.
notify-delivery-notifications = Notifications
notify-delivery-others = Other email
notify-delivery-others-lead = Panels, workshops, tasks and actions email you when something happens that concerns you. Choose which of them you want.
notify-delivery-timing = Digests and combining
notify-kind-reply = Replies to you
notify-kind-mention = Mentions
notify-kind-comment = Comments on posts you follow
notify-kind-new-post = New posts in what you follow
notify-kind-new-topic = New discussions in panels
notify-kind-moderation = Moderation decisions
notify-kind-action-moved = Actions you had a say in
notify-delivery-immediately = At once
notify-delivery-daily = Daily digest
notify-delivery-weekly = Weekly digest
notify-delivery-never = No email
notify-delivery-invalid = Choose one of the options.
notify-digest-hour = Time of the digest (Finnish time)
notify-digest-hour-hint = The weekly digest comes on Mondays at this time.
notify-digest-hour-invalid = Choose an hour from 0 to 23.
notify-combine = Combine messages of one discussion that arrive within this many minutes
notify-combine-invalid = Give minutes from 0 to 60.
notify-settings-save = Save settings
notify-settings-saved = Email settings saved.
notify-handle-heading = Your handle for mentions
notify-handle-lead = Others can mention you by typing @ and your handle. If you change it, old mentions still point to you.
notify-handle-label = Handle
notify-handle-save = Change handle
notify-handle-saved = Handle changed.
notify-handle-invalid = A handle has 2–30 characters: lower-case letters a–z, digits, underscores and hyphens.
notify-handle-taken = Someone else already uses this handle.

notify-email-combined-subject = { $count } new notifications: { $title }
notify-email-open = Open the discussion
notify-email-all = All your notifications
notify-digest-daily-subject =
    { $count ->
        [one] Daily digest: 1 new item
       *[other] Daily digest: { $count } new items
    }
notify-digest-weekly-subject =
    { $count ->
        [one] Weekly digest: 1 new item
       *[other] Weekly digest: { $count } new items
    }
notify-digest-daily-intro =
    { $count ->
        [one] Since your last digest, one new thing happened in what you follow.
       *[other] Since your last digest, { $count } new things happened in what you follow.
    }
notify-digest-weekly-intro =
    { $count ->
        [one] This week, one new thing happened in what you follow.
       *[other] This week, { $count } new things happened in what you follow.
    }
email-kind-notify-reply = Replies to you at once
email-kind-notify-mention = Mentions at once
email-kind-notify-comment = Comments on posts you follow at once
email-kind-notify-new-post = New posts at once
email-kind-notify-new-topic = New panel discussions at once
email-kind-notify-moderation = Moderation decisions at once
email-kind-notify-action-moved = Actions you had a say in at once
email-kind-digest = Notification digests
