//! Importing OCR'd newspaper pages as articles (placeholder; see issue 4).
