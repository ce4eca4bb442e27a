# Import from Blogger and WordPress: the note on imported posts and stand-in names.
import-note = This post was imported into Lupa from a { $source } blog. Its layout may differ from the original.
import-note-address = Original address:
import-untitled = Untitled post
import-anonymous = Anonymous commenter
