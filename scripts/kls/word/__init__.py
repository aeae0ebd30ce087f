"""Word in and out: `kls importera` (.docx → Markdown documents) and templates as .docx."""
