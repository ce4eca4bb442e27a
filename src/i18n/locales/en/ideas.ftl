# Ideas tasks: members' ideas, comments, merging and voting (src/tasks/ideas).
ideas-new-task = New ideas task
ideas-kind-badge = Ideas
ideas-editor-intro = In an ideas task members and facilitators first write ideas and comment on them. In the voting phase members share out points or rank the ideas.
ideas-editor-fixed = The task has opened: its opening, anonymity and who sees the ideas and the results stay as they are; once voting has begun, so do its start and its method.
ideas-create-task = Create the ideas task
ideas-task-created = The ideas task has been created.
ideas-field-opens = Ideas are collected from
ideas-field-voting = Voting begins
ideas-field-closes = Voting ends
ideas-field-method = How members vote
ideas-method-dots = Dot voting: everyone shares out points among the ideas
ideas-method-ranking = Ranking: everyone puts all the ideas in order
ideas-field-points = Points to share (dot voting)
ideas-field-points-hint = 1–100 points per member.
ideas-field-visible = Members see each other's ideas while ideas are collected
ideas-field-visible-hint = If you leave this off, a member sees only their own ideas while ideas are collected; all ideas show when voting begins.
ideas-field-anonymous-hint = In an anonymous task ideas, comments and votes are stored with neither writer nor time. One's own anonymous idea cannot be edited later.
ideas-phase-upcoming = Upcoming
ideas-phase-collecting = Collecting ideas
ideas-phase-voting = Voting
ideas-phase-closed = Closed
ideas-phase-start-collecting = Start collecting ideas now
ideas-phase-start-voting = End collecting and start voting now
ideas-phase-close = End voting now
ideas-phase-hint = The phase changes at once; the schedule is updated to match.
ideas-phase-changed = The phase has changed.
ideas-disclose-visible = Members see each other's ideas all the time.
ideas-disclose-hidden = While ideas are collected a member sees only their own; all ideas show when voting begins.
ideas-disclose-dots =
    { $count ->
        [one] In the vote each member shares out 1 point among the ideas.
       *[other] In the vote each member shares out { $count } points among the ideas.
    }
ideas-disclose-ranking = In the vote each member ranks the ideas.
ideas-disclose-anonymous = Ideas and comments are not linked to the people who wrote them.
ideas-new-title = Write an idea
ideas-field-title = The idea's title
ideas-field-body = Description
ideas-field-body-hint = Optional. You can use Markdown, up to 5,000 characters.
ideas-submit = Send the idea
ideas-submitted = Your idea has been sent.
ideas-submitted-held = Your idea has been sent and waits for a facilitator's approval.
ideas-list-title = Ideas
ideas-none = No ideas yet.
ideas-not-shown =
    { $count ->
        [one] And 1 idea by others, shown when voting begins.
       *[other] And { $count } ideas by others, shown when voting begins.
    }
ideas-by = Idea by
ideas-credit-anonymous = anonymous
ideas-comment-count =
    { $count ->
        [0] no comments
        [one] 1 comment
       *[other] { $count } comments
    }
ideas-merged-here = Merged into this one:
ideas-merged-into = This idea was merged into
ideas-merged-carried = The merged ideas' authors, comments and votes moved to this idea.
ideas-back-to-task = Back to the task: { $task }
ideas-back-to-idea = Back to the idea
ideas-edited-at = edited
ideas-edit = Edit the idea
ideas-edit-save = Save the idea
ideas-edited = The idea has been saved.
ideas-make-action = Make an action of this idea
ideas-facilitator-tools = For facilitators
ideas-approve = Approve
ideas-hide = Hide
ideas-show = Show again
ideas-moderated = Saved.
ideas-merge-into = Merge this idea into another
ideas-merge-hint = Choose the idea this duplicate joins. Both ideas' authors, comments and votes stay with the merged idea.
ideas-merge-choose = Choose an idea
ideas-merge = Merge
ideas-merge-none = There are no other ideas to merge with.
ideas-merged = The ideas have been merged.
ideas-comments-title = Comments
ideas-comments-none = No comments yet.
ideas-comment-field = Your comment
ideas-comment-hint = You can use Markdown, up to 2,000 characters.
ideas-comment-send = Send the comment
ideas-commented = Your comment has been sent.
ideas-commented-held = Your comment has been sent and waits for a facilitator's approval.
ideas-comment-removed = This comment has been removed.
ideas-comment-remove = Remove my comment
ideas-comment-moved = written on the idea “{ $idea }”
ideas-ballot-title = Vote
ideas-ballot-dots = Share out your points among the ideas
ideas-ballot-ranking = Rank the ideas, the most important first
ideas-vote-send = Send my votes
ideas-vote-save = Save my votes
ideas-voted = Your votes have been saved.
ideas-voted-editable = You have voted. You can change your votes until voting ends.
ideas-voted-thanks = Thank you, you have voted.
ideas-error-voting-before-opening = Voting must begin after collecting ideas begins.
ideas-error-closes-before-voting = Voting must end after it begins.
ideas-error-method = Choose how members vote.
ideas-error-points = Give a number of points from 1 to { $max }.
ideas-error-voting-fixed = Voting has begun, so its start no longer changes.
ideas-error-method-fixed = Voting has begun, so how members vote no longer changes.
ideas-error-title-too-long = The title is too long (200 characters at most).
ideas-error-body-too-long = The description is too long ({ $max } characters at most).
ideas-error-comment-too-long = The comment is too long ({ $max } characters at most).
ideas-error-not-collecting = Ideas can be sent only while they are collected.
ideas-error-not-voting = Votes can be given only while voting.
ideas-error-comment-phase = Ideas can be commented on only while they are collected or voted on.
ideas-error-comment-closed = This idea cannot be commented on.
ideas-error-merge-phase = Ideas can be merged only while they are collected or voted on.
ideas-error-merge-target = Choose another idea of the same task that has not been merged.
ideas-error-moderation = Unknown action.
ideas-error-phase-moved = The task's phase has already changed; reload the page.
ideas-error-phase-unknown = The phase is "collecting", "voting" or "closed".
ideas-error-vote-shape = Send either "points" or "ranking".
ideas-error-not-a-survey = An ideas task is edited with the ideas task's form and has no questions.
# Where ideas show in other features.
actions-source-idea = A member's idea
data-rights-section-ideas = Ideas credited to you
data-rights-section-idea-comments = Your comments on ideas
