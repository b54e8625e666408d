"""Training graphkit's learned relation model: the annotated corpus, candidates aligned with gold, fitting and
cross-validation. Nothing here runs at extraction time; the extractor only loads the model file it writes."""
