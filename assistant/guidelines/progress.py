"""A rich progress bar (on stderr) for index builds, shown only once there is work to report."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class RichProgress:
    """Callable ``(done, total, name)`` as the knowledge layer expects; call ``close()`` when finished."""

    def __init__(self, label: str = "Indexing guidelines", console: Console | None = None):
        self.label = label
        self.console = console or Console(stderr=True)
        self.progress: Progress | None = None
        self.task = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.progress is None:
            if total == 0:
                return
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[name]}"), TimeElapsedColumn(), console=self.console)
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total, name="")
        self.progress.update(self.task, completed=done, total=total, name=name)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def __enter__(self) -> "RichProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
