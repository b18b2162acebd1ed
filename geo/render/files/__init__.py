"""Files people keep, print or present: print figures (PNG, PDF), video, the PowerPoint deck,
the Word report and its building blocks, and the export dispatcher with its command line."""
