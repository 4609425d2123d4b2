"""Default model and weights names, in a module without torch so that light modules can import them."""

DEFAULT_MODEL = "ViT-B-16-plus-240"
DEFAULT_PRETRAINED = "laion400m_e32"
RANDOM = "random"
