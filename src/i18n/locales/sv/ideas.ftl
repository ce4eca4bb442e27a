# Ideas tasks: members' ideas, comments, merging and voting (src/tasks/ideas).
ideas-new-task = Ny idéuppgift
ideas-kind-badge = Idéer
ideas-editor-intro = I en idéuppgift skriver medlemmar och facilitatorer först idéer och kommenterar dem. I röstningsfasen fördelar medlemmarna poäng eller rangordnar idéerna.
ideas-editor-fixed = Uppgiften har öppnat: öppningstiden, anonymiteten och vem som ser idéerna och resultaten förblir som de är; när röstningen har börjat gäller det också röstningens starttid och sätt.
ideas-create-task = Skapa idéuppgiften
ideas-task-created = Idéuppgiften har skapats.
ideas-field-opens = Idéinsamlingen börjar
ideas-field-voting = Röstningen börjar
ideas-field-closes = Röstningen slutar
ideas-field-method = Röstningssätt
ideas-method-dots = Poängröstning: var och en fördelar poäng mellan idéerna
ideas-method-ranking = Rangordning: var och en sätter alla idéer i ordning
ideas-field-points = Poäng att fördela (poängröstning)
ideas-field-points-hint = 1–100 poäng per medlem.
ideas-field-visible = Medlemmarna ser varandras idéer redan under insamlingen
ideas-field-visible-hint = Om du inte väljer detta ser en medlem bara sina egna idéer under insamlingen; alla idéer visas när röstningen börjar.
ideas-field-anonymous-hint = I en anonym uppgift sparas varken skribent eller tid för idéer, kommentarer och röster. En egen anonym idé kan inte redigeras senare.
ideas-phase-upcoming = Kommande
ideas-phase-collecting = Idéinsamling pågår
ideas-phase-voting = Röstning pågår
ideas-phase-closed = Avslutad
ideas-phase-start-collecting = Börja samla idéer nu
ideas-phase-start-voting = Avsluta insamlingen och börja röstningen nu
ideas-phase-close = Avsluta röstningen nu
ideas-phase-hint = Fasen byts genast; tidtabellen uppdateras därefter.
ideas-phase-changed = Fasen har bytts.
ideas-disclose-visible = Medlemmarna ser varandras idéer hela tiden.
ideas-disclose-hidden = Under insamlingen ser en medlem bara sina egna idéer; alla idéer visas när röstningen börjar.
ideas-disclose-dots =
    { $count ->
        [one] I röstningen fördelar varje medlem 1 poäng mellan idéerna.
       *[other] I röstningen fördelar varje medlem { $count } poäng mellan idéerna.
    }
ideas-disclose-ranking = I röstningen rangordnar varje medlem idéerna.
ideas-disclose-anonymous = Idéer och kommentarer kopplas inte till dem som skrev dem.
ideas-new-title = Skriv en idé
ideas-field-title = Idéns rubrik
ideas-field-body = Beskrivning
ideas-field-body-hint = Frivillig. Du kan använda Markdown, högst 5 000 tecken.
ideas-submit = Skicka idén
ideas-submitted = Idén har skickats.
ideas-submitted-held = Idén har skickats och väntar på att en facilitator godkänner den.
ideas-list-title = Idéer
ideas-none = Inga idéer ännu.
ideas-not-shown =
    { $count ->
        [one] Dessutom 1 idé av andra, som visas när röstningen börjar.
       *[other] Dessutom { $count } idéer av andra, som visas när röstningen börjar.
    }
ideas-by = Idén kommer från:
ideas-credit-anonymous = anonym
ideas-comment-count =
    { $count ->
        [0] inga kommentarer
        [one] 1 kommentar
       *[other] { $count } kommentarer
    }
ideas-merged-here = Sammanslaget hit:
ideas-merged-into = Den här idén har slagits samman med idén
ideas-merged-carried = De sammanslagna idéernas upphovspersoner, kommentarer och givna röster flyttades till den här idén.
ideas-back-to-task = Tillbaka till uppgiften: { $task }
ideas-back-to-idea = Tillbaka till idén
ideas-edited-at = redigerad
ideas-edit = Redigera idén
ideas-edit-save = Spara idén
ideas-edited = Idén har sparats.
ideas-make-action = Gör en åtgärd av idén
ideas-facilitator-tools = För facilitatorn
ideas-approve = Godkänn
ideas-hide = Dölj
ideas-show = Visa igen
ideas-moderated = Sparat.
ideas-merge-into = Slå samman idén med en annan idé
ideas-merge-hint = Välj den idé som den här dubbletten slås samman med. Bådas upphovspersoner, kommentarer och givna röster finns kvar i den sammanslagna idén.
ideas-merge-choose = Välj en idé
ideas-merge = Slå samman
ideas-merge-none = Det finns inga andra idéer att slå samman med.
ideas-merged = Idéerna har slagits samman.
ideas-comments-title = Kommentarer
ideas-comments-none = Inga kommentarer ännu.
ideas-comment-field = Din kommentar
ideas-comment-hint = Du kan använda Markdown, högst 2 000 tecken.
ideas-comment-send = Skicka kommentaren
ideas-commented = Kommentaren har skickats.
ideas-commented-held = Kommentaren har skickats och väntar på att en facilitator godkänner den.
ideas-comment-removed = Kommentaren har tagits bort.
ideas-comment-remove = Ta bort min kommentar
ideas-comment-moved = skriven till idén ”{ $idea }”
ideas-ballot-title = Rösta
ideas-ballot-dots = Fördela dina poäng mellan idéerna
ideas-ballot-ranking = Rangordna idéerna, den viktigaste först
ideas-vote-send = Skicka rösterna
ideas-vote-save = Spara rösterna
ideas-voted = Dina röster har sparats.
ideas-voted-editable = Du har röstat. Du kan ändra dina röster tills röstningen slutar.
ideas-voted-thanks = Tack, du har röstat.
ideas-error-voting-before-opening = Röstningen ska börja efter att idéinsamlingen har börjat.
ideas-error-closes-before-voting = Röstningen ska sluta efter att den har börjat.
ideas-error-method = Välj röstningssätt.
ideas-error-points = Ange antalet poäng, 1–{ $max }.
ideas-error-voting-fixed = Röstningen har börjat, så dess starttid ändras inte längre.
ideas-error-method-fixed = Röstningen har börjat, så röstningssättet ändras inte längre.
ideas-error-title-too-long = Rubriken är för lång (högst 200 tecken).
ideas-error-body-too-long = Beskrivningen är för lång (högst { $max } tecken).
ideas-error-comment-too-long = Kommentaren är för lång (högst { $max } tecken).
ideas-error-not-collecting = Idéer kan skickas bara under idéinsamlingen.
ideas-error-not-voting = Man kan rösta bara under röstningen.
ideas-error-comment-phase = Idéer kan kommenteras bara under insamlingen och röstningen.
ideas-error-comment-closed = Den här idén kan inte kommenteras.
ideas-error-merge-phase = Idéer kan slås samman bara under insamlingen och röstningen.
ideas-error-merge-target = Välj en annan idé i samma uppgift som inte har slagits samman.
ideas-error-moderation = Okänd åtgärd.
ideas-error-phase-moved = Uppgiftens fas har redan bytts; ladda om sidan.
ideas-error-phase-unknown = Fasen är "collecting", "voting" eller "closed".
ideas-error-vote-shape = Skicka antingen "points" eller "ranking".
ideas-error-not-a-survey = En idéuppgift redigeras med idéuppgiftens formulär och har inga frågor.
# Where ideas show in other features.
actions-source-idea = En medlems idé
data-rights-section-ideas = Idéer som kommer från dig
data-rights-section-idea-comments = Dina kommentarer till idéer
