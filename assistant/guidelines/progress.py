"""Progress of index builds on stderr: a rich bar on a terminal, a plain line per tenth in a log or pipe; nothing
until there is work to report."""

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
        self._last_step = -1  # the last tenth reported as a plain line (output that is not a terminal)

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.console.is_terminal:
            self._log_line(done, total)
            return
        if self.progress is None:
            if total == 0:
                return
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[name]}"), TimeElapsedColumn(), console=self.console)
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total, name="")
        self.progress.update(self.task, completed=done, total=total, name=name)

    def _log_line(self, done: int, total: int) -> None:
        """Into a log or a pipe a live bar would only appear at the end: a plain line every tenth of the work."""
        if total <= 0:
            return
        step = done * 10 // total
        if step != self._last_step:
            self._last_step = step
            self.console.print(f"{self.label}: {done}/{total} ({done * 100 // total}%)", markup=False,
                               highlight=False)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def __enter__(self) -> "RichProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
