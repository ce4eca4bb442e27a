## Agenda, minutes, attachments, outcomes and attendance of a workshop.

workshops-agenda-heading = Agenda
workshops-agenda-page-title = Agenda: { $title }
workshops-agenda-minutes-page-title = Minutes: { $title }
workshops-agenda-back = Back to the workshop
workshops-agenda-edit-link = Edit the agenda
workshops-agenda-empty = No agenda yet.
workshops-agenda-outcome = Outcome
workshops-agenda-see-results = Results: { $task }
workshops-agenda-open-results = Open the results
workshops-agenda-duration-count =
    { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
workshops-agenda-move-up = Move up
workshops-agenda-move-down = Move down
workshops-agenda-edit = Edit
workshops-agenda-remove = Remove
workshops-agenda-picks-heading = Add from the tasks' results
workshops-agenda-picks-hint = The top results of each task. The chosen results are added at the end of the agenda with their text as the title; the figures are not shown to members.
workshops-agenda-picks-none = No task has results to pick from yet.
workshops-agenda-picks-submit = Add the chosen results to the agenda
workshops-agenda-scale-group = Scale questions, highest average first
workshops-agenda-figure-points =
    { $count ->
        [one] { $count } point
       *[other] { $count } points
    }
workshops-agenda-figure-chosen =
    { $count ->
        [one] chosen by { $count }
       *[other] chosen by { $count }
    }
workshops-agenda-figure-average = average { $average }
workshops-agenda-free-heading = Add an item of your own
workshops-agenda-add-item = Add to the agenda
workshops-agenda-edit-title = Edit an agenda item
workshops-agenda-save-item = Save the item
workshops-agenda-field-title = Title
workshops-agenda-field-note = Note (optional)
workshops-agenda-field-duration = Duration in minutes (optional)
workshops-agenda-markdown-hint = You can use Markdown: **bold**, lists with -, links as [text](https://…).
workshops-agenda-title-missing = Write a title.
workshops-agenda-title-too-long = The title can be at most 200 characters.
workshops-agenda-duration-invalid = Give the duration as whole minutes from 1 to 1440, or leave it empty.
workshops-agenda-text-too-long = The text is too long.
workshops-agenda-text-too-deep = The text has too many levels of lists or quotes inside each other.
workshops-agenda-pick-none = Choose at least one result.
workshops-agenda-too-many-items = An agenda can have at most 100 items.
workshops-agenda-pick-unknown = A chosen result is no longer in the panel's tasks. Reload the page and choose again.
workshops-agenda-invalid = The form has errors.
workshops-agenda-picks-added = The chosen results were added to the agenda.
workshops-agenda-picks-already = The chosen results are already on the agenda.
workshops-agenda-item-added = The item was added to the agenda.
workshops-agenda-item-saved = The agenda item was saved.
workshops-agenda-item-moved = The agenda item was moved.
workshops-agenda-item-removed = The item was removed from the agenda.
workshops-agenda-minutes-heading = Minutes
workshops-agenda-minutes-edit-link = Write the minutes, outcomes and attendance
workshops-agenda-minutes-updated = Minutes updated { $time }
workshops-agenda-minutes-none = No minutes yet.
workshops-agenda-field-minutes = Minutes
workshops-agenda-outcomes = Outcomes of the agenda items
workshops-agenda-field-outcome = Outcome: { $item }
workshops-agenda-minutes-save = Save the minutes and outcomes
workshops-agenda-minutes-saved = The minutes were saved.
workshops-agenda-not-started = Minutes, attachments and attendance can be recorded once the workshop has started.
workshops-agenda-cancelled = The workshop was cancelled, so it has no minutes.
workshops-agenda-attachments = Attachments
workshops-agenda-attachments-none = No attachments yet.
workshops-agenda-field-attachment-title = Attachment title
workshops-agenda-field-url = Link
workshops-agenda-url-hint = A web address starting with https:// or http://.
workshops-agenda-url-missing = Give the link.
workshops-agenda-url-invalid = The link must be a web address starting with https:// or http://, without spaces.
workshops-agenda-attachment-add = Add the attachment
workshops-agenda-attachment-added = The attachment was added.
workshops-agenda-attachment-removed = The attachment was removed.
workshops-agenda-attendance = Attendance
workshops-agenda-attendance-nobody = Nobody registered for the workshop.
workshops-agenda-attendance-caption = Registered participants and whether they attended
workshops-agenda-attendance-person = Participant
workshops-agenda-attended = Attended
workshops-agenda-not-attended = Did not attend
workshops-agenda-attendance-colleague = Colleague
workshops-agenda-attended-person = { $name } attended
workshops-agenda-not-attended-person = { $name } did not attend
workshops-agenda-colleague-came = { $name } attended
workshops-agenda-attendance-save = Save the attendance
workshops-agenda-attendance-saved = The attendance was saved.
workshops-agenda-attendance-invalid = Mark each participant as attended or did not attend.
workshops-agenda-attendance-unregistered = Attendance can be marked only for people registered for the workshop.
