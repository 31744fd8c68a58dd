"""How `mkdocs serve` notices that a coach saved a story.

MkDocs polls: every half second it lists and stats every watched file (a choice made for
Docker volumes and network drives, where the operating system reports no changes). On a
coach's own disk that half second is most of the wait between saving a story and seeing it
at 1,000 stories. The plugin option `serve_watcher` chooses:

- `native` (the default): the operating system reports each change as it happens (inotify,
  FSEvents, ReadDirectoryChangesW, through watchdog's platform observer). When it cannot
  (no native observer here, or it fails to start, e.g. inotify's watch limit), serve polls
  as MkDocs does and says so once.
- `polling`: MkDocs' own watcher, unchanged (for folders on a network drive or in a
  container, where native events never arrive).

Only changes count: a native observer also reports files being opened and closed unwritten,
and the build itself opens every story, which would start the next rebuild for ever.
"""
from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.plugins.casebook")


def _change_events() -> list:
    from watchdog import events as e
    return [e.FileCreatedEvent, e.FileModifiedEvent, e.FileMovedEvent, e.FileDeletedEvent,
            e.FileClosedEvent, e.DirCreatedEvent, e.DirMovedEvent, e.DirDeletedEvent]


def _native_observer_class():
    """watchdog's platform observer, told to report changes only; None when this platform
    has none (watchdog then falls back to polling itself). A watchdog too old to filter
    events refuses the filter when scheduled, which `_starts` finds."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver
    if issubclass(Observer, PollingObserver):
        return None

    class ChangesOnly(Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=event_filter or _change_events())
    return ChangesOnly


def _watched(server) -> list[tuple[str, bool]]:
    """(path, recursive) of each path the server watches, from its observer's emitters: the
    path as given (watchdog keeps a watched file's folder as the watch's `path`)."""
    return sorted((getattr(e.watch, "raw_path", e.watch.path), e.watch.is_recursive)
                  for e in server.observer.emitters)


def _starts(observer_class, watched: list[tuple[str, bool]]) -> str | None:
    """Why a native observer cannot watch these paths, or None when it can: tried once
    here, because the server starts its observer where a failure would end `mkdocs serve`
    with a traceback."""
    from watchdog.events import FileSystemEventHandler
    probe = observer_class()
    try:
        for path, recursive in watched:
            probe.schedule(FileSystemEventHandler(), path, recursive=recursive)
        probe.start()
    except (OSError, TypeError, ValueError) as e:
        return str(e) or type(e).__name__
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return None


def serve_with(server, watcher: str):
    """The live-reload server `mkdocs serve` should run: `server` itself when polling, else
    the same server (address, site folder, builder, error pages) with a native observer
    watching the same paths. MkDocs asks plugins for it in `on_serve`, after it chose what
    to watch and before anything started."""
    if watcher == "polling":
        return server
    observer_class = _native_observer_class()
    watched = _watched(server)
    why = "this system has no native file watcher" if observer_class is None \
        else _starts(observer_class, watched)
    if why is not None:
        log.warning("casebook: cannot watch for changes natively (%s); polling every half "
                    "second instead (set 'serve_watcher: polling' to say so)", why)
        return server
    from mkdocs.livereload import LiveReloadServer
    host, port = server.server_address[:2]
    native = LiveReloadServer(builder=server.builder, host=host, port=port, root=server.root,
                              mount_path=server.mount_path)
    native.error_handler = server.error_handler
    native.build_delay = server.build_delay
    native.observer = observer_class()
    for path, recursive in watched:
        native.watch(path, recursive=recursive)
    server.server_close()          # never bound; its socket is closed all the same
    log.info("casebook: watching %d path(s) for changes with %s", len(watched),
             type(native.observer).__mro__[1].__name__)
    return native
