# Blogi: listaukset, kirjoitukset, editori.
front-heading = Uusimmat kirjoitukset
label-heading = Aihe: { $label }
archive-year-heading = Kirjoitukset vuodelta { $year }
organization-people = Ihmiset
organization-posts = Kirjoitukset
no-posts = Täällä ei ole vielä kirjoituksia.
no-drafts = Sinulla ei ole luonnoksia.
post-count =
    { $count ->
        [0] ei kirjoituksia
        [one] { $count } kirjoitus
       *[other] { $count } kirjoitusta
    }
subscribe-feed = Tilaa syöte (Atom)
comments-feed = Kommenttien syöte
status-draft = Luonnos
status-published = Julkaistu
visibility-members-badge = Vain jäsenille
labels-list = Aiheet
pagination = Sivutus
pagination-newer = ← Uudemmat
pagination-older = Vanhemmat →
pagination-position = Sivu { $page } / { $pages }
post-edited-at = Muokattu { $date }
post-revisions = Muutoshistoria
post-no-revisions = Kirjoitusta ei ole muokattu.
revision-heading = { $editor } muokkasi { $date }
revision-previous = Sisältö ennen muokkausta:
post-edit = Muokkaa kirjoitusta
post-new = Uusi kirjoitus
post-preview = Esikatsele
post-save = Tallenna
post-published = Kirjoitus on julkaistu.
post-saved-draft = Luonnos on tallennettu.
post-updated = Muutokset on tallennettu.
field-title = Otsikko
field-body = Teksti
field-body-hint = Voit muotoilla tekstiä Markdownilla: **lihavointi**, *kursiivi*, [linkki](https://esimerkki.fi), listat, taulukot ja alaviitteet.
field-labels = Aiheet
field-labels-hint = Erota aiheet pilkuilla, esimerkiksi: asiakaskokemus, verotus
field-post-language = Kirjoituksen kieli
field-visibility = Kuka voi lukea
visibility-public = Kaikki (julkinen)
visibility-members = Vain verkoston jäsenet
field-status = Tila
language-invalid = Valitse kieli: suomi, ruotsi tai englanti.
visibility-invalid = Valitse, kuka voi lukea kirjoituksen.
status-invalid = Valitse luonnos tai julkaistu.
markdown-too-long = Teksti on liian pitkä: enintään 200 kt.
markdown-too-deep = Tekstissä on liian monta sisäkkäistä tasoa (lainauksia, listoja tai muotoiluja). Enintään 32 tasoa.
post-no-organization = Kirjoittajalla ei ole organisaatiota, joten kirjoitusta ei voi allekirjoittaa.
title-too-long = Otsikko on liian pitkä: enintään 200 merkkiä.
label-too-long = Aihe on liian pitkä: enintään 50 merkkiä.
labels-too-many = Aiheita voi olla enintään 20.
