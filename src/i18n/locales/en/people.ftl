# People and organisations: invitations, personal settings, API tokens and administration.

## Shared fields
people-organization = Organisation
people-role = Role
people-job-title = Job title
people-language = Language
people-current-password = Current password
people-actions = Actions
people-language-invalid = Choose a language from the list.
people-role-invalid = Choose a role from the list.
people-active-invalid = The status change could not be read. Reload the page and try again.

## Accepting an invitation
invitation-title = Accept your invitation
invitation-intro = You have been invited to { $network }. Fill in your details and choose a password, and you can start right away.
invitation-your-details = Your details
invitation-password = Password
invitation-submit = Create account
invitation-invalid-title = This invitation is no longer valid
invitation-accepted = Welcome! Your account has been created and you are now signed in.

## Invitation email
invitation-email-subject = Invitation to { $network }
invitation-email-intro = { $inviter } has invited you to join { $network }.
invitation-email-organization = Organisation: { $organization }
invitation-email-role = Role: { $role }
invitation-email-action = Create your account by opening this link:
invitation-email-expiry =
    The link is valid for { $count ->
        [one] { $count } day
       *[other] { $count } days
    } and can be used only once.
invitation-email-ignore = If you were not expecting this invitation, you can ignore this message.

## Personal settings
settings-title = Your settings
settings-profile = Your details
settings-email-note = You sign in with the email address { $email }.
settings-profile-submit = Save details
settings-profile-saved = Your details have been saved.
settings-password = Change password
settings-password-note = Changing your password signs you out on your other devices.
settings-new-password = New password (12–128 characters)
settings-password-submit = Change password
settings-password-changed = Your password has been changed. You have been signed out on your other devices.
settings-tokens = API tokens
settings-tokens-intro = An API token lets a program read and write posts on your behalf. Give each token a name that reminds you what it is for, and revoke it when it is no longer needed.
settings-tokens-none = You have no active API tokens.
token-name = Name
token-created-at = Created
token-last-used = Last used
token-never-used = Not used yet
token-revoke = Revoke
token-new = New API token
token-name-label = Token name
token-create = Create token
token-created = Your API token has been created. Copy it now: it will not be shown again.
token-revoked = The API token has been revoked.

## People administration
people-title = People
invite-heading = Invite someone
invite-intro =
    An invitation creates a personal link that the invited person uses to create their account. The link is valid for { $count ->
        [one] { $count } day
       *[other] { $count } days
    } and works only once.
invite-submit = Send invitation
invitation-sent = The invitation has been sent by email.
invitation-created = The invitation has been created. Email sending is not set up, so please pass the link below on to the person yourself. It is valid for a week and works only once.
invitations-open = Open invitations
invitations-none = There are no open invitations.
invitation-expires = Expires
people-list = Everyone
people-manage-intro = As an administrator you can change a person's role and deactivate their account. A deactivated person cannot sign in and their API tokens stop working, but their posts and comments stay.
person-state = Status
person-you = you
person-active = Active
person-inactive = Deactivated
person-own-account = You cannot change your own account here.
person-role-for = Role for { $name }
person-change-role = Change role
person-deactivate = Deactivate
person-reactivate = Reactivate
person-deactivated = The account has been deactivated. Their sessions have ended and their API tokens no longer work.
person-reactivated = The account has been reactivated.
person-role-changed = The role has been changed.
person-cannot-deactivate-self = You cannot deactivate your own account. Ask another administrator to do it.
person-cannot-demote-self = You cannot change your own role. Ask another administrator to do it.

## Organisation administration
org-admin-title = Manage organisations
org-list = Organisations
org-short-name = Short name
org-description = Description
org-edit = Edit
org-save = Save changes
org-new = New organisation
org-create = Add organisation
org-created = The organisation has been added.
org-updated = The organisation's details have been saved.

role-customer = Customer
