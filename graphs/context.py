"""Runtime context of the graph: the product's one settings object.

Nodes receive it as ``runtime.context``; it is never stored in checkpoints.
"""

from assistant.settings import Settings as Context

__all__ = ["Context"]
