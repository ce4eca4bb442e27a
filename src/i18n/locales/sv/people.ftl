# Personer och organisationer: inbjudningar, egna inställningar, API-nycklar och administration.

## Gemensamma fält
people-organization = Organisation
people-role = Roll
people-job-title = Titel
people-language = Språk
people-current-password = Nuvarande lösenord
people-actions = Åtgärder
people-language-invalid = Välj ett språk i listan.
people-role-invalid = Välj en roll i listan.
people-active-invalid = Statusändringen kunde inte tolkas. Ladda om sidan och försök igen.

## Ta emot en inbjudan
invitation-title = Ta emot inbjudan
invitation-intro = Du har bjudits in till nätverket { $network }. Fyll i dina uppgifter och välj ett lösenord, så kan du börja direkt.
invitation-your-details = Dina uppgifter
invitation-password = Lösenord
invitation-submit = Skapa konto
invitation-invalid-title = Inbjudan gäller inte längre
invitation-accepted = Välkommen! Ditt konto har skapats och du är nu inloggad.

## Inbjudan per e-post
invitation-email-subject = Inbjudan till nätverket { $network }
invitation-email-intro = { $inviter } bjuder in dig till nätverket { $network }.
invitation-email-organization = Organisation: { $organization }
invitation-email-role = Roll: { $role }
invitation-email-action = Skapa ditt konto genom att öppna den här länken:
invitation-email-expiry =
    Länken gäller i { $count ->
        [one] { $count } dag
       *[other] { $count } dagar
    } och kan bara användas en gång.
invitation-email-ignore = Om du inte väntade dig den här inbjudan kan du bortse från meddelandet.

## Egna inställningar
settings-title = Mina inställningar
settings-profile = Mina uppgifter
settings-email-note = Du loggar in med e-postadressen { $email }.
settings-profile-submit = Spara uppgifterna
settings-profile-saved = Dina uppgifter har sparats.
settings-password = Byt lösenord
settings-password-note = När du byter lösenord loggas du ut på dina andra enheter.
settings-new-password = Nytt lösenord (12–128 tecken)
settings-password-submit = Byt lösenord
settings-password-changed = Lösenordet har bytts. Du har loggats ut på dina andra enheter.
settings-tokens = API-nycklar
settings-tokens-intro = Med en API-nyckel kan ett program läsa och skriva inlägg för din räkning. Ge nyckeln ett namn som påminner dig om vad den används till, och återkalla den när den inte längre behövs.
settings-tokens-none = Du har inga giltiga API-nycklar.
token-name = Namn
token-created-at = Skapad
token-last-used = Senast använd
token-never-used = Inte använd ännu
token-revoke = Återkalla
token-new = Ny API-nyckel
token-name-label = Nyckelns namn
token-create = Skapa nyckel
token-created = API-nyckeln har skapats. Kopiera den nu – den visas inte igen.
token-revoked = API-nyckeln har återkallats.

## Hantera personer
people-title = Personer
invite-heading = Bjud in en ny person
invite-intro =
    Inbjudan ger en personlig länk som den inbjudna använder för att skapa sitt konto. Länken gäller i { $count ->
        [one] { $count } dag
       *[other] { $count } dagar
    } och kan bara användas en gång.
invite-submit = Skicka inbjudan
invitation-sent = Inbjudan har skickats per e-post.
invitation-created = Inbjudan har skapats. Utskick av e-post är inte i bruk, så skicka länken nedan till den inbjudna själv. Länken gäller i en vecka och kan bara användas en gång.
invitations-open = Öppna inbjudningar
invitations-none = Det finns inga öppna inbjudningar.
invitation-expires = Går ut
people-list = Alla personer
people-manage-intro = Som administratör kan du byta en persons roll och ta ett konto ur bruk. Den som har ett konto ur bruk kan inte logga in och hens API-nycklar fungerar inte, men hens inlägg och kommentarer finns kvar.
person-state = Status
person-you = du
person-active = I bruk
person-inactive = Ur bruk
person-own-account = Ditt eget konto kan du inte ändra här.
person-role-for = Roll för { $name }
person-change-role = Byt roll
person-deactivate = Ta ur bruk
person-reactivate = Ta i bruk igen
person-deactivated = Kontot har tagits ur bruk. Personens inloggningar avslutades och hens API-nycklar fungerar inte längre.
person-reactivated = Kontot har tagits i bruk igen.
person-role-changed = Rollen har bytts.
person-cannot-deactivate-self = Du kan inte ta ditt eget konto ur bruk. Be en annan administratör att göra det.
person-cannot-demote-self = Du kan inte ändra din egen roll. Be en annan administratör att göra det.

## Hantera organisationer
org-admin-title = Hantera organisationer
org-list = Organisationer
org-short-name = Förkortning
org-description = Beskrivning
org-edit = Redigera
org-save = Spara ändringarna
org-new = Ny organisation
org-create = Lägg till organisationen
org-created = Organisationen har lagts till.
org-updated = Organisationens uppgifter har sparats.

role-customer = Kund
