"""Records: the file -> records pipeline (encodings, workbooks, exact reading, row checks, the
import plan, exports), over data frames; no database (that is `geo.store`)."""
