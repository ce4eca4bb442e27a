# Bloggen: listor, inlägg, redigerare.
front-heading = Senaste inläggen
label-heading = Ämne: { $label }
archive-year-heading = Inlägg från år { $year }
organization-people = Personer
organization-posts = Inlägg
no-posts = Här finns inga inlägg ännu.
no-drafts = Du har inga utkast.
post-count =
    { $count ->
        [0] inga inlägg
        [one] { $count } inlägg
       *[other] { $count } inlägg
    }
subscribe-feed = Prenumerera på flödet (Atom)
comments-feed = Kommentarsflöde
status-draft = Utkast
status-published = Publicerat
visibility-members-badge = Endast för medlemmar
labels-list = Ämnen
pagination = Sidnavigering
pagination-newer = ← Nyare
pagination-older = Äldre →
pagination-position = Sida { $page } av { $pages }
post-edited-at = Redigerat { $date }
post-revisions = Versionshistorik
post-no-revisions = Inlägget har inte redigerats.
revision-heading = { $editor } redigerade { $date }
revision-previous = Innehållet före redigeringen:
post-edit = Redigera inlägget
post-new = Nytt inlägg
post-preview = Förhandsgranska
post-save = Spara
post-published = Inlägget har publicerats.
post-saved-draft = Utkastet har sparats.
post-updated = Ändringarna har sparats.
field-title = Rubrik
field-body = Text
field-body-hint = Du kan formatera texten med Markdown: **fetstil**, *kursiv*, [länk](https://exempel.fi), listor, tabeller och fotnoter.
field-labels = Ämnen
field-labels-hint = Skilj ämnena åt med kommatecken, till exempel: kundupplevelse, beskattning
field-post-language = Inläggets språk
field-visibility = Vem kan läsa
visibility-public = Alla (offentligt)
visibility-members = Endast nätverkets medlemmar
field-status = Status
language-invalid = Välj språk: finska, svenska eller engelska.
visibility-invalid = Välj vem som kan läsa inlägget.
status-invalid = Välj utkast eller publicerat.
markdown-too-long = Texten är för lång: högst 200 kB.
markdown-too-deep = Texten har för många nivåer inuti varandra (citat, listor eller formatering). Högst 32 nivåer.
post-no-organization = Skribenten hör inte till någon organisation, så inlägget kan inte undertecknas.
title-too-long = Rubriken är för lång: högst 200 tecken.
label-too-long = Ämnet är för långt: högst 50 tecken.
labels-too-many = Det får finnas högst 20 ämnen.
