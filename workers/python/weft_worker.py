#!/usr/bin/env python3
"""Weft's generic Python worker.

Runs the tasks of a user module against a Weft server:

    python3 weft_worker.py MODULE [--server URL] [--namespace NS] [--worker-id ID] [--wait-ms N]

It imports MODULE (a module name, or a path to a .py file), reads the module's task_definitions(), checks each
definition against the function of the same name, publishes them as the task catalog of the namespace
(PUT /v1/catalog/{namespace}?replace=true), then long-polls for jobs whose job type is one of the task names and
runs them one at a time. Each function gets a notifier first, then the job's inputs by name; what it returns
completes the job, an exception fails it (retryably), notify.error(...) fails it for good.

Standard library only, Python 3.9 or later, so that any machine with python3 runs it. The module contract, the
notifier, the type rules, signals and exit codes are described in README.md beside this file.
"""

import argparse
import datetime
import importlib
import importlib.util
import inspect
import json
import math
import os
import queue
import re
import signal
import socket
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

PROG = "weft_worker"
DEFAULT_SERVER = "http://127.0.0.1:8080"
DEFAULT_WAIT_MS = 20000
MAX_WAIT_MS = 30000          # the server holds a poll at most this long (longer values are shortened by it)
MAX_JOB_TYPES = 256          # a poll names at most 256 job types
EMPTY_POLL_PAUSE = 0.5       # seconds between two polls that find nothing, at least
TYPES = ("string", "integer", "number", "boolean", "datetime", "object", "array", "any")
NAMESPACE_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

# Exit codes (README.md, "Exit codes").
EXIT_STOPPED = 0             # stopped by SIGTERM/Ctrl-C after finishing the running job
EXIT_SERVER = 1              # the server could not be reached, or answered something unexpected, at start
EXIT_USAGE = 2               # bad arguments or a bad module: nothing was run


# ---------------------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------------------

class WorkerError(Exception):
    """Stops the worker before it runs anything: one line on stderr, then this exit code."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code


class ServerUnreachable(Exception):
    """No answer from the server: connection refused, name not found, timeout."""


class ServerProblem(Exception):
    """The server answered with an error status (its problem+json detail is the message) or with something that is
    not Weft's API (status is then None)."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code


class JobCancelled(BaseException):
    """Raised by the notifier once the server no longer gives the job to this worker (the instance was cancelled,
    or the lease was lost). A BaseException, like asyncio's CancelledError, so that a task's `except Exception:`
    does not swallow it by accident. The worker does not report a cancelled job."""


class InputProblem(Exception):
    """A job's variables do not fit the task's declared inputs: the job fails, not retryably."""


class OutputProblem(Exception):
    """A task returned something that cannot be a job's output variables: the job fails, not retryably."""


class _Aborted(BaseException):
    """Raised in the main thread by a second stop signal: the running task stops and is not reported."""

    def __init__(self, signal_number, job_id):
        super().__init__(signal_number)
        self.signal_number = signal_number
        self.job_id = job_id


# ---------------------------------------------------------------------------------------------------------------
# Values and types: the rules that decide what a function gets and what it may return
# ---------------------------------------------------------------------------------------------------------------

_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$")


def parse_datetime(text):
    """An ISO-8601 date and time ("2026-12-01T00:33:09.2771234+00:00", "...Z", or without an offset) as a datetime,
    or None when the text is not one. Written here because datetime.fromisoformat of Python 3.9 and 3.10 takes only
    3 or 6 digits of fractions and no "Z", and .NET writes 7."""
    match = _DATETIME.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, offset_hours, offset_minutes = match.groups()
    microseconds = int((fraction or "0")[:6].ljust(6, "0"))
    zone = None
    if zulu:
        zone = datetime.timezone.utc
    elif sign:
        offset = datetime.timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
        if offset >= datetime.timedelta(hours=24):
            return None
        zone = datetime.timezone(-offset if sign == "-" else offset)
    try:
        return datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                                 microseconds, tzinfo=zone)
    except ValueError:  # 2026-02-30, 25:00, ...
        return None


def json_kind(value):
    """The JSON name of a value's type, with its article, for messages: 'a string', 'an integer', 'null'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "a Python " + type(value).__name__


def show(value, limit=200):
    """The value as JSON text for a message, cut so that a huge variable does not flood the message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def convert_input(declared_type, value):
    """(True, the value the function gets) when `value` is of the declared catalog type, else (False, None).

    JSON has one kind of number, so an integer input takes a number without a fraction (4.0 is given as 4), as JSON
    Schema does; booleans are never numbers. A datetime input is an ISO-8601 string and is given as a datetime."""
    if declared_type == "any":
        return True, value
    if declared_type == "string":
        return isinstance(value, str), value
    if declared_type == "boolean":
        return isinstance(value, bool), value
    if declared_type == "integer":
        if isinstance(value, bool):
            return False, None
        if isinstance(value, int):
            return True, value
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return True, int(value)
        return False, None
    if declared_type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False, None
        return (isinstance(value, int) or math.isfinite(value)), value
    if declared_type == "object":
        return isinstance(value, dict), value
    if declared_type == "array":
        return isinstance(value, list), value
    if declared_type == "datetime":
        parsed = parse_datetime(value)
        return parsed is not None, parsed
    return False, None


def type_phrase(declared_type):
    """'a number', 'an integer', 'a datetime (an ISO-8601 string)', 'anything' for messages."""
    if declared_type == "any":
        return "anything"
    if declared_type == "datetime":
        return "a datetime (an ISO-8601 string)"
    article = "an" if declared_type[0] in "aeiou" else "a"
    return article + " " + declared_type


def to_output(task_name, result):
    """The variables to complete the job with, from what the function returned: None (no variables) or a dict whose
    keys are strings and whose values are JSON values (None, bool, int, float, str, list, dict; a datetime is sent
    as its ISO-8601 text). Raises OutputProblem saying what is wrong otherwise."""
    if result is None:
        return None
    if not isinstance(result, dict):
        raise OutputProblem(
            "Task '{}' returned {}; a task returns a dict of output variables (or None for none).".format(
                task_name, json_kind(result)))

    def plain(value, where):
        if value is None or isinstance(value, (bool, str, int)):
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                raise OutputProblem("Task '{}' returned {} in {}; JSON has no such number.".format(
                    task_name, value, where))
            return value
        if isinstance(value, datetime.datetime):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return [plain(item, "{}[{}]".format(where, index)) for index, item in enumerate(value)]
        if isinstance(value, dict):
            converted = {}
            for key, item in value.items():
                if not isinstance(key, str):
                    raise OutputProblem("Task '{}' returned the key {!r} in {}; JSON keys are strings.".format(
                        task_name, key, where))
                converted[key] = plain(item, "{}.{}".format(where, key))
            return converted
        raise OutputProblem(
            "Task '{}' returned {} in {}; outputs are JSON values: None, bool, int, float, str, list, dict.".format(
                task_name, json_kind(value), where))

    variables = {}
    for key, value in result.items():
        if not isinstance(key, str):
            raise OutputProblem("Task '{}' returned the output name {!r}; output names are strings.".format(
                task_name, key))
        variables[key] = plain(value, "output '{}'".format(key))
    return variables


def describe_exception(error):
    """'ZeroDivisionError: division by zero (sample.py, line 97, in zero_division)': the type, the message and
    where in the user's code it was raised, for the job's error message."""
    text = type(error).__name__
    message = str(error)
    if message:
        text += ": " + message
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        text += " ({}, line {}, in {})".format(os.path.basename(last.filename), last.lineno, last.name)
    return text


# ---------------------------------------------------------------------------------------------------------------
# The module: loading it, checking its task definitions against its functions
# ---------------------------------------------------------------------------------------------------------------

class InputSpec:
    """A declared input: what the worker checks before it calls the function."""

    def __init__(self, definition):
        self.name = definition["name"]
        self.type = definition["type"]
        self.has_default = "default" in definition
        self.default = definition.get("default")
        self.required = definition.get("required", not self.has_default)
        self.allowed = definition.get("allowedValues")


class Task:
    """A task of the module: its definition (as published) and its function."""

    def __init__(self, definition, function):
        self.name = definition["name"]
        self.definition = definition
        self.function = function
        self.inputs = [InputSpec(item) for item in definition.get("inputs") or []]


def load_module(spec):
    """Imports the user module, given as a module name (looked up in the current folder first, then on sys.path)
    or as a path to a .py file (its folder is put on sys.path, so it can import its neighbours). Returns
    (module, name); raises WorkerError (exit 2) with one line when it cannot."""
    if spec.endswith(".py") or os.sep in spec or (os.altsep and os.altsep in spec):
        path = os.path.abspath(spec)
        if not os.path.isfile(path):
            raise WorkerError("the module file '{}' does not exist.".format(spec), EXIT_USAGE)
        name = os.path.splitext(os.path.basename(path))[0]
        sys.path.insert(0, os.path.dirname(path))
        try:
            module_spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[name] = module
            module_spec.loader.exec_module(module)
        except Exception as error:  # a syntax error, or an import inside it that fails
            raise WorkerError("the module '{}' could not be imported: {}".format(
                spec, describe_exception(error)), EXIT_USAGE)
        return module, name

    # The script's own folder is sys.path[0]; a module named on the command line is looked for where the user is.
    sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(spec)
    except ModuleNotFoundError as error:
        if error.name and (spec == error.name or spec.startswith(error.name + ".")):
            raise WorkerError(
                "no module named '{}' in the current folder or on the Python path; pass the name of a module in "
                "the current folder, or the path to its .py file.".format(spec), EXIT_USAGE)
        raise WorkerError("the module '{}' could not be imported: {}".format(spec, describe_exception(error)),
                          EXIT_USAGE)
    except Exception as error:
        raise WorkerError("the module '{}' could not be imported: {}".format(spec, describe_exception(error)),
                          EXIT_USAGE)
    return module, spec


def read_definitions(module, module_name):
    """Calls the module's task_definitions() and returns its list; raises WorkerError (exit 2) otherwise."""
    reader = getattr(module, "task_definitions", None)
    if not callable(reader):
        raise WorkerError(
            "the module '{}' has no task_definitions() function; add one that returns a list of task definitions "
            "(see README.md beside weft_worker.py).".format(module_name), EXIT_USAGE)
    try:
        definitions = reader()
    except Exception as error:
        raise WorkerError("{}.task_definitions() raised {}".format(module_name, describe_exception(error)),
                          EXIT_USAGE)
    if not isinstance(definitions, (list, tuple)):
        raise WorkerError("{}.task_definitions() returned {}; it must return a list of task definitions.".format(
            module_name, json_kind(definitions)), EXIT_USAGE)
    return list(definitions)


def definition_problems(definition, index):
    """What is wrong with the shape of one task definition (a list of sentences; empty when it is fine)."""
    if not isinstance(definition, dict):
        return ["task definition {} is {}, not a dict".format(index + 1, json_kind(definition))]
    name = definition.get("name")
    if not isinstance(name, str) or not name.strip():
        return ["task definition {} has no name".format(index + 1)]
    problems = []
    for kind in ("inputs", "outputs"):
        items = definition.get(kind, [])
        if items is None:
            continue
        if not isinstance(items, (list, tuple)):
            problems.append("task '{}': {} must be a list".format(name, kind))
            continue
        seen = set()
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
                problems.append("task '{}': each of its {} needs a name".format(name, kind))
                continue
            label = "task '{}': {} '{}'".format(name, kind[:-1], item["name"])
            if item["name"] in seen:
                problems.append("{} is declared twice".format(label))
            seen.add(item["name"])
            if item.get("type") not in TYPES:
                problems.append("{} has the type {}; use one of {}".format(
                    label, show(item.get("type")), ", ".join(TYPES)))
                continue
            if kind == "inputs":
                if "required" in item and not isinstance(item["required"], bool):
                    problems.append("{}: required must be true or false".format(label))
                if item.get("default") is not None and not convert_input(item["type"], item["default"])[0]:
                    problems.append("{} is {} but its default is {}".format(
                        label, type_phrase(item["type"]), show(item["default"])))
                if "allowedValues" in item and not isinstance(item["allowedValues"], (list, tuple)):
                    problems.append("{}: allowedValues must be a list".format(label))
    return problems


def signature_problems(definition, function):
    """How a function's signature disagrees with its task definition (a list of sentences; empty when they agree).

    The first parameter receives the notifier; every declared input must be a parameter that can be passed by name;
    every other parameter needs a default, since nothing would give it a value."""
    name = definition["name"]
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return ["{} has no signature Python can read".format(name)]
    shown = "{}({})".format(name, ", ".join(str(p) for p in parameters))
    if not parameters or parameters[0].kind not in (inspect.Parameter.POSITIONAL_ONLY,
                                                    inspect.Parameter.POSITIONAL_OR_KEYWORD):
        return ["{}: its first parameter must receive the notifier, e.g. def {}(notify, ...)".format(shown, name)]
    notifier, rest = parameters[0], parameters[1:]
    by_name = {p.name: p for p in rest}
    declared = [item["name"] for item in definition.get("inputs") or []]
    problems = []
    for parameter in rest:
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            problems.append("{}: *args and **kwargs are not allowed; declare each input as a parameter".format(shown))
    for input_name in declared:
        if input_name == notifier.name:
            problems.append("{}: the input '{}' is the first parameter, which receives the notifier".format(
                shown, input_name))
        elif input_name not in by_name:
            problems.append("{}: the input '{}' is declared in task_definitions() but is not a parameter".format(
                shown, input_name))
        elif by_name[input_name].kind == inspect.Parameter.POSITIONAL_ONLY:
            problems.append("{}: the parameter '{}' is positional-only; inputs are passed by name".format(
                shown, input_name))
    for parameter in rest:
        if (parameter.name not in declared and parameter.default is inspect.Parameter.empty
                and parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)):
            problems.append("{}: the parameter '{}' has no default and is not an input in task_definitions()".format(
                shown, parameter.name))
    return problems


def build_tasks(module, module_name, definitions):
    """The module's tasks, checked; raises WorkerError (exit 2) with every problem on one line."""
    problems = []
    tasks = []
    names = set()
    for index, definition in enumerate(definitions):
        shape = definition_problems(definition, index)
        if shape:
            problems.extend(shape)
            continue
        name = definition["name"]
        if name in names:
            problems.append("the task '{}' is defined twice".format(name))
            continue
        names.add(name)
        function = getattr(module, name, None) if name.isidentifier() else None
        if not callable(function):
            problems.append("the task '{}' has no function of that name in the module".format(name))
            continue
        found = signature_problems(definition, function)
        problems.extend(found)
        if not found:
            tasks.append(Task(definition, function))
    if not problems and not tasks:
        problems.append("task_definitions() returned no task")
    if not problems and len(tasks) > MAX_JOB_TYPES:
        problems.append("{} tasks; a worker polls for at most {} job types".format(len(tasks), MAX_JOB_TYPES))
    if not problems:
        try:
            json.dumps(definitions, allow_nan=False)
        except (TypeError, ValueError) as error:
            problems.append("task_definitions() is not JSON: {}".format(error))
    if problems:
        count = "" if len(problems) == 1 else " ({} problems)".format(len(problems))
        raise WorkerError("the module '{}' does not match its task definitions{}: {}.".format(
            module_name, count, "; ".join(problems)), EXIT_USAGE)
    return tasks


def bind_inputs(task, variables):
    """The function's keyword arguments, from the job's variables: each declared input, checked against its type
    and allowed values. A missing (or null) input gets the declared default, else the function's own default (it
    is left out), else None when it is optional. Raises InputProblem naming the input, the type and the value."""
    arguments = {}
    for spec in task.inputs:
        value = variables.get(spec.name)
        if value is None:
            if spec.has_default:
                arguments[spec.name] = spec.default
            elif spec.required:
                present = "it is null" if spec.name in variables else "the job's variables have no '{}'".format(
                    spec.name)
                raise InputProblem(
                    "Task '{}' needs the input '{}' ({}), but {}. Set it in the instance's start variables or in "
                    "an earlier step.".format(task.name, spec.name, type_phrase(spec.type), present))
            elif inspect.signature(task.function).parameters[spec.name].default is inspect.Parameter.empty:
                arguments[spec.name] = None
            continue
        ok, converted = convert_input(spec.type, value)
        if not ok:
            raise InputProblem("Task '{}' needs the input '{}' to be {}, but it is {}: {}.".format(
                task.name, spec.name, type_phrase(spec.type), json_kind(value), show(value)))
        if spec.allowed is not None and value not in list(spec.allowed):
            raise InputProblem("Task '{}' needs the input '{}' to be one of {}, but it is {}.".format(
                task.name, spec.name, ", ".join(show(v) for v in spec.allowed), show(value)))
        arguments[spec.name] = converted
    return arguments


# ---------------------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------------------

class Server:
    """Weft's REST API over urllib: JSON in, JSON out, problem+json errors raised as ServerProblem."""

    def __init__(self, url, api_key=None):
        self.url = url.rstrip("/")
        self.api_key = api_key or None

    def call(self, method, path, body=None, timeout=30.0):
        """The answer's JSON (None for an empty answer such as 204)."""
        data = None if body is None else json.dumps(body, allow_nan=False).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Accept": "application/json"})
        if self.api_key:
            request.add_header("Authorization", "Bearer " + self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as error:
            raise self._problem(error.code, error.read().decode("utf-8", "replace"), method, path)
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ServerUnreachable("cannot reach the Weft server at {} ({}); start it (weft server) or pass "
                                    "--server URL.".format(self.url, reason))
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise ServerProblem(None, None, "the server at {} answered {} {} with {} that is not JSON; is it a Weft "
                                "server?".format(self.url, method, path, "a " + str(status) + " answer"))

    def _problem(self, status, text, method, path):
        try:
            problem = json.loads(text)
        except ValueError:
            problem = None
        if isinstance(problem, dict) and (problem.get("detail") or problem.get("message")):
            return ServerProblem(status, problem.get("error"), str(problem.get("detail") or problem.get("message")))
        return ServerProblem(status, None, "the server at {} answered {} {} with {} and no Weft problem; is it a "
                             "Weft server?".format(self.url, method, path, status))

    @staticmethod
    def segment(value):
        return urllib.parse.quote(str(value), safe="")


# ---------------------------------------------------------------------------------------------------------------
# A running job: its lease (kept by the heartbeat thread) and its notifier (given to the function)
# ---------------------------------------------------------------------------------------------------------------

def lease_seconds(job):
    """How long the server leases this job to us: lockExpiresAt - lockedAt, both by the server's clock, so a
    difference between its clock and ours does not matter. 30 s when the job does not say."""
    locked = parse_datetime(job.get("lockedAt"))
    expires = parse_datetime(job.get("lockExpiresAt"))
    if locked is None or expires is None or (locked.tzinfo is None) != (expires.tzinfo is None):
        return 30.0
    return max(1.0, (expires - locked).total_seconds())


class JobState:
    """What the main thread and the heartbeat thread share about one in-flight job."""

    def __init__(self, job):
        self.id = job["id"]
        self.lease = lease_seconds(job)
        # Extend the lease when half of it has passed: one failed heartbeat still leaves time for another.
        self.next_beat = time.monotonic() + self.lease / 2
        self.cancelled = threading.Event()
        self.reason = None

    def cancel(self, reason):
        if not self.cancelled.is_set():
            self.reason = reason
            self.cancelled.set()


class Notifier:
    """The first argument of every task function: reports progress and errors, and tells about cancellation.

    notify.progress(percent, message=None)  shows how far the task is (POST /v1/jobs/{id}/progress)
    notify.error(message)                   the job fails, not retryably, with this message once the function returns
    notify.cancelled                        True once the server no longer gives the job to this worker
    notify.check()                          raises JobCancelled when notify.cancelled is True
    notify.job                              the job as polled (id, instanceId, stepId, retriesRemaining, ...)
    """

    def __init__(self, job, state, send_progress, log):
        self._job = job
        self._state = state
        self._send_progress = send_progress
        self._log = log
        self.errors = []

    @property
    def job(self):
        return dict(self._job)

    @property
    def cancelled(self):
        return self._state.cancelled.is_set()

    def check(self):
        if self.cancelled:
            raise JobCancelled(self._state.reason or "the job was cancelled")

    def progress(self, percent, message=None):
        """Reports progress. Raises JobCancelled when the job was cancelled (also when this very report finds it
        out); a server that cannot be reached is logged and the task goes on."""
        self.check()
        if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not math.isfinite(percent):
            raise ValueError("notify.progress needs a percent from 0 to 100, not {}".format(show(percent)))
        body = {"percent": min(100, max(0, percent))}
        if message is not None:
            body["message"] = str(message)
        self._send_progress(self._state, body)
        self.check()

    def error(self, message):
        """Marks the job as failed with `message` (not retried); the function should then return."""
        self.check()
        self.errors.append(str(message))


class Heartbeat(threading.Thread):
    """Extends the leases of the in-flight jobs before they end: one batched POST /v1/jobs/heartbeat for every job
    due. A 404 or 409 for a job means it is no longer ours (cancelled, finished, or claimed by another worker):
    the job is marked cancelled, so its notifier raises and its result is not reported."""

    def __init__(self, server, worker_id, log):
        super().__init__(name="weft-heartbeat", daemon=True)
        self._server = server
        self._worker_id = worker_id
        self._log = log
        self._jobs = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def add(self, state):
        with self._lock:
            self._jobs[state.id] = state
        self._wake.set()

    def remove(self, state):
        with self._lock:
            self._jobs.pop(state.id, None)

    def run(self):
        while True:
            with self._lock:
                jobs = list(self._jobs.values())
            now = time.monotonic()
            due = [state for state in jobs if state.next_beat <= now and not state.cancelled.is_set()]
            if due:
                self._beat(due)
                continue
            waits = [state.next_beat - now for state in jobs if not state.cancelled.is_set()]
            self._wake.wait(min(waits) if waits else None)
            self._wake.clear()

    def _beat(self, due):
        body = [{"jobId": state.id, "workerId": self._worker_id} for state in due]
        try:
            answer = self._server.call("POST", "/v1/jobs/heartbeat", body)
            results = {item.get("jobId"): item for item in (answer or {}).get("results", [])}
        except (ServerUnreachable, ServerProblem) as error:
            # Try again soon, well before the lease ends (half of it is left when the first try is made).
            self._log("heartbeat failed ({}); trying again".format(error))
            for state in due:
                state.next_beat = time.monotonic() + max(0.2, min(1.0, state.lease / 10))
            return
        for state in due:
            result = results.get(state.id, {})
            status = result.get("status")
            if status in (404, 409):
                state.cancel("the server answered the heartbeat with {}: {}".format(status, result.get("message")))
            elif status == 200:
                state.next_beat = time.monotonic() + state.lease / 2
            else:
                state.next_beat = time.monotonic() + max(0.2, min(1.0, state.lease / 10))


# ---------------------------------------------------------------------------------------------------------------
# The worker
# ---------------------------------------------------------------------------------------------------------------

class Worker:
    """Publishes the catalog, then polls and runs jobs one at a time until stopped."""

    def __init__(self, server, module_name, namespace, worker_id, wait_ms, tasks, definitions, log):
        self.server = server
        self.module_name = module_name
        self.namespace = namespace
        self.worker_id = worker_id
        self.wait_ms = wait_ms
        self.tasks = {task.name: task for task in tasks}
        self.definitions = definitions
        self.log = log
        self.heartbeat = Heartbeat(server, worker_id, log)
        self.stopping = False
        self.running_job = None    # the id of the job whose task is running or being reported

    # -- start ----------------------------------------------------------------------------------------------------

    def publish_catalog(self):
        """PUT /v1/catalog/{namespace}?replace=true: afterwards the namespace holds exactly this module's tasks."""
        path = "/v1/catalog/{}?replace=true".format(Server.segment(self.namespace))
        try:
            self.server.call("PUT", path, {"tasks": self.definitions})
        except ServerUnreachable as error:
            raise WorkerError(str(error), EXIT_SERVER)
        except ServerProblem as error:
            if error.status in (400, 413):
                raise WorkerError("the server refused the task catalog of '{}': {}".format(
                    self.module_name, error), EXIT_USAGE)
            if error.status in (404, 405):
                raise WorkerError("the server at {} has no task catalog (PUT /v1/catalog answered {}); it is older "
                                  "than this worker, update it.".format(self.server.url, error.status), EXIT_SERVER)
            raise WorkerError("the server did not take the task catalog: {}".format(error), EXIT_SERVER)

    # -- signals --------------------------------------------------------------------------------------------------

    def on_signal(self, number, frame):
        """First signal: poll no more, let the running job finish and report. Second: abort it and exit."""
        name = signal.Signals(number).name
        if not self.stopping:
            self.stopping = True
            if self.running_job is not None:
                self.log("{}: finishing job {} before stopping (send it again to abort the job)".format(
                    name, self.running_job))
            else:
                self.log("{}: stopping".format(name))
            return
        raise _Aborted(number, self.running_job)

    # -- the loop -------------------------------------------------------------------------------------------------

    def run(self):
        """Returns the exit code."""
        self.heartbeat.start()
        self.log("published {} task(s) to the catalog '{}' on {}; polling for {} as worker '{}'".format(
            len(self.tasks), self.namespace, self.server.url, ", ".join(sorted(self.tasks)), self.worker_id))
        try:
            self._loop()
        except _Aborted as aborted:
            name = signal.Signals(aborted.signal_number).name
            if aborted.job_id is not None:
                self.log("{} again: aborted job {}, not reported (the server hands it out again after its lease "
                         "ends)".format(name, aborted.job_id))
            else:
                self.log("{} again: stopped".format(name))
            return 128 + aborted.signal_number
        self.log("stopped")
        return EXIT_STOPPED

    def _loop(self):
        failures = 0
        while not self.stopping:
            asked = time.monotonic()
            answer = self._poll()
            if answer is None:
                break
            kind, value = answer
            if kind == "error":
                if isinstance(value, ServerProblem) and value.status is not None and 400 <= value.status < 500 \
                        and value.status not in (404, 408, 429):
                    raise WorkerError("the server refused the poll: {}".format(value), EXIT_USAGE)
                failures += 1
                pause = min(5.0, 0.5 * 2 ** (failures - 1))
                self.log("{}; polling again in {:g} s".format(value, pause))
                self._pause(pause)
                continue
            if failures:
                self.log("the server answers again")
                failures = 0
            jobs = (value or {}).get("jobs") or []
            for job in jobs:
                self._run_job(job)   # also when stopping meanwhile: the job is ours, finish it
            if not jobs:
                # With --wait-ms 0 (or a server that does not hold polls) an empty answer comes at once: pause a
                # little rather than ask again in a tight loop.
                self._pause(EMPTY_POLL_PAUSE - (time.monotonic() - asked))

    def _poll(self):
        """One long poll, made on a thread of its own so that a stop signal does not wait for the server's answer:
        ("jobs", answer), ("error", exception), or None when stopping first. A poll left unanswered like this may
        still lock a job for us; the server hands it out again when its lease ends."""
        answers = queue.Queue(maxsize=1)
        body = {"workerId": self.worker_id, "jobTypes": sorted(self.tasks), "maxJobs": 1, "waitMs": self.wait_ms}
        timeout = min(self.wait_ms, MAX_WAIT_MS) / 1000 + 30

        def poll():
            try:
                answers.put(("jobs", self.server.call("POST", "/v1/jobs/poll", body, timeout=timeout)))
            except Exception as error:  # handed to the main thread, which decides
                answers.put(("error", error))

        threading.Thread(target=poll, name="weft-poll", daemon=True).start()
        while True:
            try:
                return answers.get(timeout=0.2)
            except queue.Empty:
                if self.stopping:
                    return None

    def _pause(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, deadline - time.monotonic()))

    # -- one job --------------------------------------------------------------------------------------------------

    def _run_job(self, job):
        state = JobState(job)
        task_name = job.get("jobType")
        self.running_job = state.id
        self.heartbeat.add(state)
        started = time.monotonic()
        try:
            outcome = self._execute(job, state)
            took = "in {:.2f} s".format(time.monotonic() - started)
            if outcome[0] == "cancelled":
                self.log("job {} {}: cancelled ({}); stopped {}, not reported".format(
                    state.id, task_name, state.reason or outcome[1], took))
            elif outcome[0] == "complete":
                variables = outcome[1]
                if self._report(state, "complete", {"workerId": self.worker_id, "variables": variables}):
                    names = ", ".join(sorted(variables)) if variables else "none"
                    self.log("job {} {}: completed {} (outputs: {})".format(state.id, task_name, took, names))
            else:
                message, retryable = outcome[1], outcome[2]
                body = {"workerId": self.worker_id, "errorMessage": message, "retryable": retryable}
                if self._report(state, "fail", body):
                    self.log("job {} {}: failed {} ({}): {}".format(
                        state.id, task_name, took, "retryable" if retryable else "not retryable", message))
        finally:
            self.heartbeat.remove(state)
            self.running_job = None

    def _execute(self, job, state):
        """("complete", variables), ("fail", message, retryable) or ("cancelled", why)."""
        task = self.tasks.get(job.get("jobType"))
        if task is None:
            return "fail", "This worker has no task '{}' (it runs {}).".format(
                job.get("jobType"), ", ".join(sorted(self.tasks))), True
        variables = job.get("variables")
        if not isinstance(variables, dict):
            variables = {}
        try:
            arguments = bind_inputs(task, variables)
        except InputProblem as problem:
            return "fail", str(problem), False
        notifier = Notifier(job, state, self._send_progress, self.log)
        try:
            result = task.function(notifier, **arguments)
        except JobCancelled as cancelled:
            return "cancelled", str(cancelled)
        except Exception as error:
            if state.cancelled.is_set():
                return "cancelled", "the task raised after the job was cancelled"
            return "fail", describe_exception(error), True
        if state.cancelled.is_set():
            return "cancelled", "the job was cancelled while the task ran"
        if notifier.errors:
            return "fail", "; ".join(notifier.errors), False
        try:
            return "complete", to_output(task.name, result)
        except OutputProblem as problem:
            return "fail", str(problem), False

    def _send_progress(self, state, body):
        body = dict(body, workerId=self.worker_id)
        try:
            self.server.call("POST", "/v1/jobs/{}/progress".format(Server.segment(state.id)), body)
        except ServerProblem as error:
            if error.status in (404, 409):
                state.cancel("the server answered a progress report with {}: {}".format(error.status, error))
            else:
                self.log("job {}: progress not reported: {}".format(state.id, error))
        except ServerUnreachable as error:
            self.log("job {}: progress not reported: {}".format(state.id, error))

    def _report(self, state, action, body):
        """Sends the completion or failure, retrying while the server cannot be reached. True when it was taken."""
        path = "/v1/jobs/{}/{}".format(Server.segment(state.id), action)
        for attempt in range(1, 6):
            if state.cancelled.is_set():
                self.log("job {}: cancelled ({}); not reported".format(state.id, state.reason))
                return False
            try:
                self.server.call("POST", path, body)
                return True
            except ServerProblem as error:
                if error.status in (404, 409):
                    self.log("job {}: the server no longer gives this job to this worker ({}); not reported".format(
                        state.id, error))
                    return False
                if action == "complete" and error.status in (400, 413):
                    # The outputs themselves were refused (too large, ...): fail the job saying so.
                    return self._report(state, "fail", {
                        "workerId": self.worker_id, "retryable": False,
                        "errorMessage": "The server refused the task's outputs: {}".format(error)})
                if error.status is not None and 400 <= error.status < 500:
                    self.log("job {}: the server refused the {}: {}".format(state.id, action, error))
                    return False
                problem = error
            except ServerUnreachable as error:
                problem = error
            if attempt < 5:
                self.log("job {}: {} not delivered ({}); trying again".format(state.id, action, problem))
                time.sleep(0.5 * 2 ** (attempt - 1))
        self.log("job {}: gave up delivering the {} after 5 tries; the server hands the job out again after its "
                 "lease ends".format(state.id, action))
        return False


# ---------------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------------

class _Arguments(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit code 2) instead of the usage text and a line."""

    def error(self, message):
        raise WorkerError("{}. Run `python3 weft_worker.py --help`.".format(message), EXIT_USAGE)


def parse_arguments(argv, environment):
    parser = _Arguments(
        prog="weft_worker.py",
        description="Runs the tasks of a Python module as a Weft worker: publishes the module's task catalog, then "
                    "polls for jobs whose job type is a task name and runs them one at a time.")
    parser.add_argument("module", help="the module's name (in the current folder or on the Python path), or the "
                                       "path to its .py file")
    parser.add_argument("--server", default=environment.get("WEFT_SERVER") or DEFAULT_SERVER,
                        help="the Weft server's URL (default: $WEFT_SERVER, else {})".format(DEFAULT_SERVER))
    parser.add_argument("--namespace", help="the catalog namespace to publish the tasks in (default: the module's "
                                            "name)")
    parser.add_argument("--worker-id", help="the name leases are held by (default: namespace-host-pid)")
    parser.add_argument("--wait-ms", type=int, default=DEFAULT_WAIT_MS,
                        help="long poll: how long the server may hold a poll that finds nothing, 0 to {} "
                             "(default {})".format(MAX_WAIT_MS, DEFAULT_WAIT_MS))
    arguments = parser.parse_args(argv)
    parsed = urllib.parse.urlparse(arguments.server)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise WorkerError("--server '{}' is not an http(s) URL, e.g. http://127.0.0.1:8080.".format(
            arguments.server), EXIT_USAGE)
    if not 0 <= arguments.wait_ms <= MAX_WAIT_MS:
        raise WorkerError("--wait-ms {} must be between 0 and {}.".format(arguments.wait_ms, MAX_WAIT_MS),
                          EXIT_USAGE)
    if arguments.namespace is not None and not NAMESPACE_PATTERN.match(arguments.namespace):
        raise WorkerError("--namespace '{}' must be 1 to 128 characters of A-Z a-z 0-9 . _ -.".format(
            arguments.namespace), EXIT_USAGE)
    if arguments.worker_id is not None and not 1 <= len(arguments.worker_id) <= 256:
        raise WorkerError("--worker-id must be 1 to 256 characters.", EXIT_USAGE)
    return arguments


def log_line(message):
    """One line on stderr, with the local time, like: 2026-12-01 10:15:02 weft_worker: sample: job ... completed."""
    with _LOG_LOCK:
        sys.stderr.write("{} {}: {}\n".format(time.strftime("%Y-%m-%d %H:%M:%S"), PROG, message))
        sys.stderr.flush()


# Reentrant: a signal handler runs in the main thread and may log while the main thread is logging.
_LOG_LOCK = threading.RLock()


def main(argv=None, environment=None):
    environment = os.environ if environment is None else environment
    try:
        arguments = parse_arguments(sys.argv[1:] if argv is None else argv, environment)
        module, module_name = load_module(arguments.module)
        namespace = arguments.namespace or module_name
        if not NAMESPACE_PATTERN.match(namespace):
            raise WorkerError("the module name '{}' cannot be a catalog namespace (1 to 128 characters of A-Z a-z "
                              "0-9 . _ -); pass --namespace NS.".format(module_name), EXIT_USAGE)
        definitions = read_definitions(module, module_name)
        tasks = build_tasks(module, module_name, definitions)
        worker_id = arguments.worker_id or "{}-{}-{}".format(namespace, socket.gethostname(), os.getpid())[:256]

        def log(message):
            log_line("{}: {}".format(module_name, message))

        # The key comes from the environment only: an argument would show in the process list.
        worker = Worker(Server(arguments.server, (environment.get("WEFT_API_KEY") or "").strip()), module_name, namespace, worker_id, arguments.wait_ms, tasks,
                        definitions, log)
        signal.signal(signal.SIGTERM, worker.on_signal)
        signal.signal(signal.SIGINT, worker.on_signal)
        worker.publish_catalog()
        return worker.run()
    except WorkerError as error:
        sys.stderr.write("{}: {}\n".format(PROG, error))
        return error.exit_code
    except _Aborted as aborted:  # a second signal before the loop started
        return 128 + aborted.signal_number


if __name__ == "__main__":
    # A module that does `from weft_worker import JobCancelled` gets this very module, not a second copy of it.
    sys.modules.setdefault("weft_worker", sys.modules[__name__])
    sys.exit(main())
