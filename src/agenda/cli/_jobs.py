"""`agenda check --jobs`: files read and checked in worker processes, the cross-file rules run
over what each file sends back.

It is the one-process check (`agenda.checks.check_all`) in three rounds, so that the reports are
the same whatever the number of workers:

1. A worker reads a chunk of files and runs their per-file rules (`engine.begin`), keeping what
   it read; it sends back the rules each file chose and the small inputs of the cross-file rules
   (who speaks when, the event id), or the problems of a file that cannot be read.
2. The parent asks for the inputs a file's own choice of rules left out, then sends every
   worker all the inputs: each runs the cross-file rules over them (`engine.cross_file_hits`)
   for the files it read, so that the hits' messages are written in parallel and never sent.
3. The worker that read a file makes its report with its cross-file hits (`engine.finish`),
   its lines looked up, and writes its part of each output (`agenda._formats.report.part`),
   which it sends back with the file's tally; the parent puts the parts in the order of the
   files. (For a format that is not written in parts, it sends the report.)

What crosses between processes is plain data (tuples of strings, the written parts): pickling
the report's objects one by one would cost more than writing them.

The parent is a worker too: it takes its chunks from the same queue, and its files never need
pickling.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from agenda._gc import collection_paused

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from agenda._formats.files import Document
    from agenda._formats.report import Part
    from agenda.checks.engine import Started
    from agenda.checks.registry import Rule
    from agenda.checks.report import Hit, Report
    from agenda.exceptions import Problem

__all__ = [
    "NoWorkersError",
    "Settings",
    "Style",
    "Written",
    "check_files",
    "parse_jobs",
    "usable_cpus",
    "workers_for",
]

#: The fewest files worth a worker: fewer are checked in one process before a worker has started.
MIN_FILES_PER_WORKER = 8
#: The most files sent to a worker at once: enough to make a message worth sending, few enough
#: that the workers finish together.
CHUNK = 32


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return int(count() or 1)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def parse_jobs(text: str) -> int:
    """--jobs: a number of processes, or ``auto`` for one per usable CPU."""
    if text.strip().lower() == "auto":
        return usable_cpus()
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"write a number of processes (1 or more) or auto, got {text!r}")
    return number


def workers_for(jobs: int, files: int) -> int:
    """How many workers to start for `files` files: none (1) for a few."""
    return max(1, min(jobs, files // MIN_FILES_PER_WORKER))


class NoWorkersError(Exception):
    """The worker processes could not be started (a limit on processes, no way to start one)."""


class Style(NamedTuple):
    """An output of the command: its report format and that format's options (`colour` and
    `options` as `agenda._formats.report.pieces` takes them)."""

    format: str
    colour: bool = False
    options: tuple[tuple[str, bool], ...] = ()


class Settings(NamedTuple):
    """The command line's rule options, as every worker applies them, and the outputs it writes
    each file's report in: none, and it sends the reports."""

    select: Sequence[str] | None
    ignore: Sequence[str] | None
    strict: bool | None
    outputs: tuple[Style, ...] = ()


class Written(NamedTuple):
    """A file's report written where the file was checked: its part of each of the outputs, in
    order (read, so loaded, and ok as `Report` is, when it has no error-level finding)."""

    parts: tuple[Part, ...]

    @property
    def loaded(self) -> bool:
        return True

    @property
    def ok(self) -> bool:
        return self.parts[0].tally.errors == 0


class _Read(NamedTuple):
    """A file a worker read: the codes of its rules and the cross-file rules' inputs, pickled
    by the worker (`_pickled`)."""

    codes: tuple[str, ...]
    inputs: dict[str, bytes]


def _pickled(value: object) -> bytes:
    """A cross-file input as every worker gets it: pickled once, where its file was read (some
    inputs cost to pickle: AG308's is a digest of the whole agenda), and passed on as bytes."""
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def check_files(
    files: Sequence[str], others: Sequence[str], settings: Settings, workers: int
) -> tuple[list[Report | Written | list[Problem]], list[list[Problem] | None]]:
    """Each of `files` checked with `others` (only compared with) in `workers` processes: its
    report, with lines (written in `settings.outputs`, if any), or the problems that keep it
    from being read; for each of `others`, the problems that leave it out, or None. Raises
    `NoWorkersError` before any work if the workers cannot be started."""
    # No collections while the files' models and findings pile up, as in one process.
    with collection_paused():
        return _check_files(files, others, settings, workers)


def _check_files(
    files: Sequence[str], others: Sequence[str], settings: Settings, workers: int
) -> tuple[list[Report | Written | list[Problem]], list[list[Problem] | None]]:
    pool = _Pool(workers, settings)
    try:
        tasks = [(index, file, index < len(files)) for index, file in enumerate([*files, *others])]
        outcomes: dict[int, _Read | list[Problem]] = {}
        owner: dict[int, int] = {}
        chunks = deque(_shrinking_chunks(tasks, workers))
        for worker, reply in pool.exchange("read", shared=chunks):
            for index, outcome in reply:
                outcomes[index] = outcome
                owner[index] = worker

        # The agendas as check_all sees them: the readable files, then the readable others.
        readable = [index for index in range(len(files) + len(others)) if isinstance(outcomes[index], _Read)]
        reported = sum(1 for index in readable if index < len(files))
        read: list[_Read] = [outcome for index in readable if isinstance(outcome := outcomes[index], _Read)]
        chosen = [outcome.codes for outcome in read]
        _fill_inputs(pool, chosen, readable, read, owner)

        # Each worker makes the cross-file hits of the files it read, then their reports.
        inputs = [outcome.inputs for outcome in read]
        positions: list[list[int]] = [[] for _ in range(workers)]
        for position in range(reported):
            positions[owner[readable[position]]].append(position)
        crossed = [deque([[_Cross(chosen, inputs, reported, readable, mine)]]) for mine in positions]
        for _ in pool.exchange("cross", own=crossed):
            pass
        finishing = [deque(_chunks([readable[position] for position in mine], CHUNK)) for mine in positions]
        reports: dict[int, Report | Written] = {}
        for _, reply in pool.exchange("finish", own=finishing):
            reports.update(reply)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    results: list[Report | Written | list[Problem]] = []
    for index in range(len(files)):
        outcome = outcomes[index]
        results.append(reports[index] if isinstance(outcome, _Read) else outcome)
    left_out = [
        None if isinstance(outcome, _Read) else outcome
        for outcome in (outcomes[len(files) + i] for i in range(len(others)))
    ]
    return results, left_out


def _fill_inputs(
    pool: _Pool, chosen: Sequence[Sequence[str]], readable: Sequence[int], read: Sequence[_Read], owner: dict[int, int]
) -> None:
    """Ask for the cross-file inputs that files did not send: a rule another file chose that
    theirs left out (a cross-file rule sees every agenda)."""
    from agenda.checks import get_rule

    if len(read) < 2:
        return  # the cross-file rules do not run
    wanted = [code for code in dict.fromkeys(code for codes in chosen for code in codes) if get_rule(code).cross_file]
    where: dict[int, int] = {}
    mine: list[list[tuple[int, list[str]]]] = [[] for _ in range(pool.size)]
    for position, outcome in enumerate(read):
        missing = [code for code in wanted if code not in outcome.inputs]
        if missing:
            index = readable[position]
            where[index] = position
            mine[owner[index]].append((index, missing))
    if where:
        for _, reply in pool.exchange("inputs", own=[deque(_chunks(entries, CHUNK)) for entries in mine]):
            for index, inputs in reply:
                read[where[index]].inputs.update(inputs)


class _Cross(NamedTuple):
    """What a worker needs to make the cross-file hits of the files it read: the rule codes and
    the cross-file inputs of every readable file (by position), how many of them are reported,
    each position's file index, and the positions that are this worker's."""

    chosen: list[tuple[str, ...]]
    inputs: list[dict[str, bytes]]
    reported: int
    indexes: list[int]
    mine: list[int]


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _shrinking_chunks(items: Sequence[Any], workers: int) -> Iterator[list[Any]]:
    """Chunks that get smaller towards the end, so that the workers finish together."""
    start = 0
    while start < len(items):
        size = max(1, min(CHUNK, (len(items) - start) // (workers * 2)))
        yield list(items[start : start + size])
        start += size


def _context() -> Any:  # typeshed gives BaseContext no Process
    """How to start workers: fork is quickest (the workers have every module already) but safe
    only in a process with a single thread; else a fresh interpreter each."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if sys.platform == "linux" and "forkserver" in methods else "spawn")


class _Pool:
    """Worker processes, each with its own pipe and at most one request at a time (so that
    neither side ever blocks sending while the other does), and this process, which does its
    share between answers: `size` in all."""

    def __init__(self, size: int, settings: Settings) -> None:
        context = _context()
        fork = context.get_start_method() == "fork"
        self.size = size
        self.local = _Checker(settings)
        self.connections: list[Connection] = []
        self.processes: list[Any] = []
        sys.stdout.flush()  # a forked worker would write out what is buffered again
        sys.stderr.flush()
        try:
            for _ in range(size - 1):
                here, there = context.Pipe()
                self.connections.append(here)
                # A forked worker holds copies of the parent's ends; it closes them, so that it
                # sees the end of its pipe when the parent is gone.
                inherited = tuple(self.connections) if fork else ()
                process = context.Process(target=_serve, args=(there, settings, inherited), daemon=True)
                try:
                    process.start()
                finally:
                    there.close()
                self.processes.append(process)
        except OSError as error:
            self.terminate()
            raise NoWorkersError(str(error)) from error

    def exchange(
        self,
        kind: str,
        *,
        shared: deque[list[Any]] | None = None,
        own: Sequence[deque[list[Any]]] | None = None,
    ) -> Iterator[tuple[int, list[Any]]]:
        """Work through chunks of `kind`: each worker (the last is this process) takes the next
        of the `shared` queue or of its `own` when done with the last; yield (worker, answers)
        as they come. This process answers one item at a time, looking for the workers'
        answers in between, so that none waits for its next chunk."""
        from multiprocessing.connection import wait

        here = self.size - 1
        busy: dict[Any, int] = {}

        def queue(worker: int) -> deque[list[Any]]:
            return shared if shared is not None else own[worker] if own is not None else deque()

        def feed(worker: int) -> None:
            if chunk := queue(worker):
                self.connections[worker].send((kind, chunk.popleft()))
                busy[self.connections[worker]] = worker

        for worker in range(here):
            feed(worker)
        items: deque[Any] = deque()
        answers: list[Any] = []
        while True:
            if not items and (mine := queue(here)):
                items.extend(mine.popleft())
            if items:
                answers.append(self.local.answer(kind, items.popleft()))
                if not items:
                    yield here, answers
                    answers = []
            elif not busy:
                return
            if not busy:
                continue
            for connection in wait(list(busy), 0 if items or queue(here) else None):
                worker = busy.pop(connection)
                reply = self._receive(worker)
                feed(worker)
                yield worker, reply

    def _receive(self, worker: int) -> list[Any]:
        from agenda.exceptions import AgendaError

        try:
            status, payload = self.connections[worker].recv()
        except (EOFError, OSError):
            process = self.processes[worker]
            process.join(1)
            raise AgendaError(f"a worker process stopped unexpectedly (exit code {process.exitcode})") from None
        if status == "error":
            raise payload
        answers: list[Any] = payload
        return answers

    def close(self) -> None:
        for connection in self.connections:
            with contextlib.suppress(OSError):  # a worker that is gone needs no stop
                connection.send(("stop", None))
        for process in self.processes:
            process.join(5)
        self.terminate()

    def terminate(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(1)
        for connection in self.connections:
            connection.close()


class _Checker:
    """What a worker does with one file: read it and run its per-file rules, keeping both; give
    the cross-file rules' inputs; make its report with its cross-file hits, with its lines, and
    write it in the outputs."""

    def __init__(self, settings: Settings) -> None:
        from agenda._holidays import CachedHolidays, default_cache_directory
        from agenda.checks import all_rules

        self.settings = settings
        self.holidays = CachedHolidays(default_cache_directory())
        self.rules = {rule.code: rule for rule in all_rules()}
        self.kept: dict[int, tuple[Document, Started]] = {}
        self.cross: dict[int, list[tuple[Rule, Hit]]] = {}

    def answer(self, kind: str, item: Any) -> tuple[int, Any]:
        if kind == "read":
            index, file, reported = item
            return index, self.read(index, file, reported)
        if kind == "inputs":
            index, codes = item
            return index, {code: _pickled(self.kept[index][1].cross_file_input(code)) for code in codes}
        if kind == "cross":
            import pickle

            from agenda.checks.engine import cross_file_hits

            chosen, inputs, reported, indexes, mine = item
            hits = cross_file_hits(
                chosen,
                lambda code, position: pickle.loads(inputs[position][code]),  # noqa: S301 - the workers' own bytes
                reported,
                mine,
            )
            self.cross = {indexes[position]: hits[position] for position in mine}
            return 0, len(mine)
        if kind == "finish":
            from agenda.checks.engine import finish
            from agenda.cli.check import with_lines

            document, started = self.kept.pop(item)
            return item, self.written(with_lines(finish(started, self.cross.pop(item, [])), document))
        raise ValueError(f"unknown request {kind!r}")

    def written(self, report: Report) -> Report | Written:
        from agenda._formats.report import part

        outputs = self.settings.outputs
        if not outputs:
            return report
        return Written(
            tuple(part(report, style.format, colour=style.colour, **dict(style.options)) for style in outputs)
        )

    def read(self, index: int, file: str, reported: bool) -> _Read | list[Problem]:
        from agenda.checks.engine import begin
        from agenda.cli.check import _read

        document, problems = _read(file, None)
        if document is None:
            return problems
        settings = self.settings
        started = begin(
            document.agenda,
            select=settings.select,
            ignore=settings.ignore,
            strict=settings.strict,
            label=document.file,
            holidays=self.holidays,
            reported=reported,
        )
        self.kept[index] = (document, started)
        cross = [code for code in started.codes if self.rules[code].cross_file is not None]
        return _Read(started.codes, {code: _pickled(started.cross_file_input(code)) for code in cross})


def _serve(connection: Connection, settings: Settings, inherited: Sequence[Connection]) -> None:
    """A worker process: answer the parent's chunks until it says stop or is gone."""
    import signal

    for other in inherited:
        other.close()
    # Interrupts and terminations are the parent's to handle; it ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    checker = _Checker(settings)
    while True:
        try:
            kind, chunk = connection.recv()
        except (EOFError, OSError):
            return
        if kind == "stop":
            return
        try:
            with collection_paused():  # as in one process (`agenda.checks.engine`): no cycles to find
                reply: tuple[str, Any] = ("ok", [checker.answer(kind, item) for item in chunk])
        except Exception as error:  # sent to the parent, which raises it as one process would
            reply = ("error", _portable(error))
        connection.send(reply)


def _portable(error: Exception) -> Exception:
    """`error` if it survives pickling, else a RuntimeError that tells it; with the worker's
    traceback as a note."""
    import pickle
    import traceback

    text = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 - its own bytes
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
    error.add_note(f"in a worker process of --jobs:\n{text}")
    return error
