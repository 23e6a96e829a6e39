"""Classification: observations → labelled alterations, using the genome layer and the knowledge
base's definitions (kinase-domain bounds, regions), never its therapy calls."""
