"""A sample task module for Weft's generic Python worker.

Run it with the worker (from this folder, with a Weft server on http://127.0.0.1:8080):

    python3 ../../workers/python/weft_worker.py sample

The worker imports this module, reads task_definitions() below, publishes the definitions as the task catalog
'sample', and runs each function whenever a SERVICE_TASK step whose jobType is the function's name is reached.

What a task module needs (workers/python/README.md has the details):

  - one top-level function per task, named like the task;
  - the first parameter of each function is the notifier, an object with progress(percent, message), error(message),
    the `cancelled` property and check(); the other parameters are the task's inputs, passed by name from the
    job's variables after the worker checked their types;
  - each function returns a dict of simple types (str, int, float, bool, None, lists and dicts of them): these
    become the job's output variables, merged into the instance's variables. Returning None means "no outputs";
  - a task_definitions() function, with no parameters, that returns the list of task definitions: the Weft task
    catalog's shape, written as Python dicts. Each one must match its function's signature exactly, or the worker
    refuses to start and says what does not match.

The same five tasks, with the same names and inputs, exist in the C# sample module, so a definition that uses
them runs on either worker.
"""

import math
import time


# ---------------------------------------------------------------------------------------------------------------
# The task functions
# ---------------------------------------------------------------------------------------------------------------

def echo(notify, message):
    """Returns a message echoing its input.

    The simplest task: one input, one output. The returned dict completes the job, and its keys are merged into
    the instance's variables, so the steps after this one can read the variable `echo`.
    """
    return {"echo": message}


def double(notify, value):
    """Returns the input doubled.

    The worker has already checked that `value` is a number (the definition says "type": "number"): a job whose
    `value` is "abc" fails before this function runs, with a message naming the input, the type it needs and the
    value it got. The check below shows how a function reports an error itself, with notify.error: the job then
    fails with that message and is not retried (retrying would give the same answer). It also keeps the function
    safe when other Python code calls it directly.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        notify.error("double needs a number, but value is {!r}".format(value))
        return None

    doubled = value * 2
    # A float that is too large becomes infinity when doubled, and JSON has no infinity: say so instead.
    if isinstance(doubled, float) and math.isinf(doubled):
        notify.error("cannot double {}: the result is too large for a number".format(value))
        return None
    return {"value": doubled}


def reporting_task(notify, seconds):
    """Runs for `seconds` seconds and reports its progress every second.

    Each notify.progress(percent, message) is sent to the server at once: the latest report is shown on the job
    (GET /v1/jobs/{id}) and every report is kept in the step's history (GET /v1/instances/{id}/history).

    Progress reports also bring news back: when the instance was cancelled meanwhile, notify.progress raises
    JobCancelled, which ends this function right there, and the worker does not report the job. A task that
    reports nothing for a long time can ask instead: `if notify.cancelled: return` or `notify.check()`.
    """
    if seconds < 0:
        notify.error("seconds must be 0 or more, not {}".format(seconds))
        return None

    for second in range(1, seconds + 1):
        time.sleep(1)  # stands in for one second of real work
        notify.progress(100 * second / seconds, "{} of {} seconds".format(second, seconds))
    if seconds == 0:
        notify.progress(100, "nothing to wait for")
    return {"elapsedSeconds": seconds}


def error_placeholder(notify):
    """Always reports an error.

    notify.error does not stop the function: it records the message, and when the function returns the worker
    fails the job with it, not retryably (the step's retryCount is not used; the instance fails at once).
    """
    notify.error("error_placeholder always reports an error: it stands in for a task that finds a problem that "
                 "trying again cannot fix")
    return None


def zero_division(notify, numerator, denominator):
    """Divides numerator by denominator: with a denominator of 0, Python raises ZeroDivisionError.

    The worker catches any exception a task raises and fails the job with the exception's type, message and the
    line it came from, e.g. "ZeroDivisionError: division by zero (sample.py, line 105, in zero_division)".
    Such a failure is retryable: an exception is often passing trouble (a timeout, a service restarting), so the
    step is tried again after a backoff while its retryCount lasts, and then the instance fails.
    """
    return {"quotient": numerator / denominator}


# ---------------------------------------------------------------------------------------------------------------
# The task catalog
# ---------------------------------------------------------------------------------------------------------------

def task_definitions():
    """The catalog of this module's tasks, published by the worker when it starts.

    Each definition has the task's name (the name of its function, and the jobType of the steps that run it), a
    description, and its inputs and outputs. An input has a name (a parameter of the function), a type (string,
    integer, number, boolean, datetime, object, array or any), `required` (true unless a default is given), and
    optionally a default, allowedValues and a description. Outputs have a name, a type and a description.
    """
    return [
        {
            "name": "echo",
            "description": "Returns a message echoing its input.",
            "inputs": [
                {"name": "message", "type": "string", "required": True, "description": "the text to echo"},
            ],
            "outputs": [
                {"name": "echo", "type": "string", "description": "the same text"},
            ],
        },
        {
            "name": "double",
            "description": "Doubles a number.",
            "inputs": [
                {"name": "value", "type": "number", "required": True, "description": "the number to double"},
            ],
            "outputs": [
                {"name": "value", "type": "number", "description": "twice the input"},
            ],
        },
        {
            "name": "reporting_task",
            "description": "Runs for a number of seconds and reports its progress every second.",
            "inputs": [
                {"name": "seconds", "type": "integer", "required": True, "description": "how long to run"},
            ],
            "outputs": [
                {"name": "elapsedSeconds", "type": "integer", "description": "the seconds it ran"},
            ],
        },
        {
            "name": "error_placeholder",
            "description": "Always reports an error (the job fails, not retried).",
            "inputs": [],
            "outputs": [],
        },
        {
            "name": "zero_division",
            "description": "Divides two numbers; a denominator of 0 raises ZeroDivisionError (a retryable failure).",
            "inputs": [
                {"name": "numerator", "type": "number", "required": True, "description": "the number to divide"},
                {"name": "denominator", "type": "number", "required": True, "description": "what to divide it by"},
            ],
            "outputs": [
                {"name": "quotient", "type": "number", "description": "numerator / denominator"},
            ],
        },
    ]
