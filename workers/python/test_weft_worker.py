"""Unit tests of the worker's pure parts: type rules, input binding, outputs, signature checks, the notifier and
the heartbeat's decisions. Run: python3 -m unittest discover -s workers/python -v (the C# test PythonUnitTests runs
them too, so ./test.sh fails when one does)."""

import datetime
import os
import sys
import tempfile
import textwrap
import threading
import time
import types
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weft_worker as w  # noqa: E402


def module_with(source):
    """A module made from source text, as the worker would import it."""
    module = types.ModuleType("tasks")
    exec(textwrap.dedent(source), module.__dict__)
    return module


def definition(name, *inputs):
    return {"name": name, "inputs": [dict(item) for item in inputs], "outputs": []}


class ConvertInputTests(unittest.TestCase):
    def test_each_type_takes_its_json_values(self):
        cases = [
            ("string", "abc"), ("integer", 7), ("integer", -3), ("number", 2.5), ("number", 7), ("boolean", False),
            ("object", {"a": 1}), ("array", [1, "x"]), ("any", None), ("any", [1]),
        ]
        for declared, value in cases:
            with self.subTest(declared=declared, value=value):
                self.assertEqual((True, value), w.convert_input(declared, value))

    def test_each_type_refuses_other_json_values(self):
        cases = [
            ("string", 1), ("integer", 2.5), ("integer", "3"), ("integer", True), ("number", "1.5"),
            ("number", False), ("boolean", 0), ("boolean", "true"), ("object", [1]), ("array", {"a": 1}),
            ("datetime", "yesterday"), ("datetime", 20261201), ("number", float("nan")), ("integer", float("inf")),
        ]
        for declared, value in cases:
            with self.subTest(declared=declared, value=value):
                self.assertFalse(w.convert_input(declared, value)[0])

    def test_an_integer_takes_a_number_without_fraction_as_an_int(self):
        ok, value = w.convert_input("integer", 4.0)
        self.assertTrue(ok)
        self.assertIs(int, type(value))
        self.assertEqual(4, value)

    def test_a_datetime_is_given_as_a_datetime_with_its_offset(self):
        ok, value = w.convert_input("datetime", "2026-12-01T00:33:09.2771234+02:00")
        self.assertTrue(ok)
        self.assertEqual(datetime.datetime(2026, 12, 1, 0, 33, 9, 277123,
                                           tzinfo=datetime.timezone(datetime.timedelta(hours=2))), value)


class ParseDatetimeTests(unittest.TestCase):
    def test_reads_the_forms_servers_write(self):
        utc = datetime.timezone.utc
        self.assertEqual(datetime.datetime(2026, 12, 1, 0, 25, 34, 690000, tzinfo=utc),
                         w.parse_datetime("2026-12-01T00:25:34.69+00:00"))
        self.assertEqual(datetime.datetime(2026, 12, 1, 0, 25, 34, tzinfo=utc), w.parse_datetime("2026-12-01T00:25:34Z"))
        self.assertEqual(datetime.datetime(2026, 12, 1, 0, 25, 34), w.parse_datetime("2026-12-01 00:25:34"))

    def test_refuses_what_is_not_a_date_and_time(self):
        for text in ("2026-02-30T00:00:00Z", "2026-12-01", "12/01/2026 10:00", "2026-12-01T25:00:00Z", "", None):
            with self.subTest(text=text):
                self.assertIsNone(w.parse_datetime(text))

    def test_the_lease_is_the_difference_of_the_servers_two_times(self):
        job = {"lockedAt": "2026-12-01T00:33:09.277+00:00", "lockExpiresAt": "2026-12-01T00:33:39.277+00:00"}
        self.assertEqual(30.0, w.lease_seconds(job))
        self.assertEqual(30.0, w.lease_seconds({}))


class BindInputsTests(unittest.TestCase):
    def task(self, source, *inputs):
        module = module_with(source)
        return w.build_tasks(module, "tasks", [definition("t", *inputs)])[0]

    def test_inputs_are_passed_by_name_and_other_variables_are_not(self):
        task = self.task("def t(notify, a, b): pass", {"name": "a", "type": "string"}, {"name": "b", "type": "integer"})
        self.assertEqual({"a": "x", "b": 2}, w.bind_inputs(task, {"a": "x", "b": 2, "other": True}))

    def test_a_wrongly_typed_value_names_the_input_the_type_and_the_value(self):
        task = self.task("def t(notify, value): pass", {"name": "value", "type": "number"})
        with self.assertRaises(w.InputProblem) as raised:
            w.bind_inputs(task, {"value": "abc"})
        self.assertEqual("Task 't' needs the input 'value' to be a number, but it is a string: \"abc\".",
                         str(raised.exception))

    def test_a_missing_required_input_names_the_input_and_its_type(self):
        task = self.task("def t(notify, seconds): pass", {"name": "seconds", "type": "integer"})
        with self.assertRaises(w.InputProblem) as raised:
            w.bind_inputs(task, {})
        self.assertIn("needs the input 'seconds' (an integer), but the job's variables have no 'seconds'",
                      str(raised.exception))
        with self.assertRaises(w.InputProblem) as raised:
            w.bind_inputs(task, {"seconds": None})
        self.assertIn("'seconds' (an integer), but it is null", str(raised.exception))

    def test_a_missing_optional_input_gets_the_declared_default_else_the_functions_default_else_none(self):
        task = self.task("def t(notify, unit, scale=3, note=None, extra=None): pass",
                         {"name": "unit", "type": "string", "default": "cm"},
                         {"name": "scale", "type": "integer", "required": False},
                         {"name": "note", "type": "string", "required": False})
        self.assertEqual({"unit": "cm"}, w.bind_inputs(task, {}))
        task = self.task("def t(notify, note): pass", {"name": "note", "type": "string", "required": False})
        self.assertEqual({"note": None}, w.bind_inputs(task, {}))

    def test_a_value_outside_the_allowed_values_is_refused(self):
        task = self.task("def t(notify, unit): pass", {"name": "unit", "type": "string", "allowedValues": ["cm", "in"]})
        self.assertEqual({"unit": "in"}, w.bind_inputs(task, {"unit": "in"}))
        with self.assertRaises(w.InputProblem) as raised:
            w.bind_inputs(task, {"unit": "ft"})
        self.assertEqual("Task 't' needs the input 'unit' to be one of \"cm\", \"in\", but it is \"ft\".",
                         str(raised.exception))


class SignatureTests(unittest.TestCase):
    def problems(self, source, *inputs):
        module = module_with(source)
        with self.assertRaises(w.WorkerError) as raised:
            w.build_tasks(module, "tasks", [definition("t", *inputs)])
        self.assertEqual(w.EXIT_USAGE, raised.exception.exit_code)
        self.assertNotIn("\n", str(raised.exception))
        return str(raised.exception)

    def test_a_matching_signature_is_taken(self):
        module = module_with("def t(notify, a, b=1, *, c): pass")
        tasks = w.build_tasks(module, "tasks", [definition("t", {"name": "a", "type": "any"},
                                                          {"name": "c", "type": "any"})])
        self.assertEqual(["t"], [task.name for task in tasks])

    def test_a_declared_input_that_is_not_a_parameter_is_refused(self):
        message = self.problems("def t(notify, amount): pass", {"name": "value", "type": "number"})
        self.assertIn("t(notify, amount): the input 'value' is declared in task_definitions() but is not a parameter",
                      message)
        self.assertIn("the parameter 'amount' has no default and is not an input", message)
        self.assertIn("(2 problems)", message)

    def test_a_parameter_without_default_that_is_not_declared_is_refused(self):
        message = self.problems("def t(notify, value, unit): pass", {"name": "value", "type": "number"})
        self.assertIn("the parameter 'unit' has no default and is not an input in task_definitions()", message)

    def test_a_function_without_the_notifier_parameter_is_refused(self):
        message = self.problems("def t(): pass")
        self.assertIn("its first parameter must receive the notifier", message)

    def test_the_notifier_parameter_cannot_be_an_input(self):
        message = self.problems("def t(notify): pass", {"name": "notify", "type": "any"})
        self.assertIn("the input 'notify' is the first parameter, which receives the notifier", message)

    def test_star_args_and_positional_only_inputs_are_refused(self):
        self.assertIn("*args and **kwargs are not allowed", self.problems("def t(notify, **values): pass"))
        self.assertIn("'a' is positional-only",
                      self.problems("def t(notify, a, /): pass", {"name": "a", "type": "any"}))

    def test_a_task_without_a_function_is_refused(self):
        message = self.problems("def other(notify): pass")
        self.assertIn("the task 't' has no function of that name in the module", message)

    def test_bad_definition_shapes_are_refused(self):
        module = module_with("def t(notify, a): pass")
        cases = [
            ([{"inputs": []}], "task definition 1 has no name"),
            ([definition("t", {"name": "a", "type": "decimal"})], "has the type \"decimal\"; use one of string"),
            ([definition("t", {"name": "a", "type": "integer", "default": "x"})], "is an integer but its default is \"x\""),
            ([definition("t", {"name": "a", "type": "any"}, {"name": "a", "type": "any"})], "'a' is declared twice"),
            ([definition("t", {"name": "a", "type": "any"})] * 2, "the task 't' is defined twice"),
            ([], "task_definitions() returned no task"),
        ]
        for definitions, expected in cases:
            with self.subTest(expected=expected):
                with self.assertRaises(w.WorkerError) as raised:
                    w.build_tasks(module, "tasks", definitions)
                self.assertIn(expected, str(raised.exception))

    def test_the_sample_module_matches_its_definitions(self):
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "python"))
        try:
            import sample
        finally:
            sys.path.pop(0)
        tasks = w.build_tasks(sample, "sample", sample.task_definitions())
        self.assertEqual(["echo", "double", "reporting_task", "error_placeholder", "zero_division"],
                         [task.name for task in tasks])


class LoadModuleTests(unittest.TestCase):
    def test_a_module_that_fails_to_import_is_one_line_naming_the_error(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "broken_tasks.py")
            with open(path, "w") as file:
                file.write("import nothing_of_that_name\n")
            with self.assertRaises(w.WorkerError) as raised:
                w.load_module(path)
        self.assertEqual(w.EXIT_USAGE, raised.exception.exit_code)
        self.assertIn("could not be imported: ModuleNotFoundError: No module named 'nothing_of_that_name'",
                      str(raised.exception))

    def test_a_module_without_task_definitions_is_refused(self):
        with self.assertRaises(w.WorkerError) as raised:
            w.read_definitions(module_with("def t(notify): pass"), "tasks")
        self.assertIn("has no task_definitions() function", str(raised.exception))


class OutputTests(unittest.TestCase):
    def test_a_dict_of_json_values_is_the_output_and_none_is_no_output(self):
        moment = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
        self.assertEqual({"a": 1, "b": [1.5, "x", None, {"c": True}], "at": "2026-12-01T00:00:00+00:00"},
                         w.to_output("t", {"a": 1, "b": (1.5, "x", None, {"c": True}), "at": moment}))
        self.assertIsNone(w.to_output("t", None))

    def test_anything_else_is_refused_with_a_message_saying_what(self):
        cases = [
            ([1, 2], "Task 't' returned an array; a task returns a dict of output variables (or None for none)."),
            ({"a": {1, 2}}, "returned a Python set in output 'a'"),
            ({"a": {"b": float("nan")}}, "returned nan in output 'a'.b; JSON has no such number"),
            ({1: "x"}, "returned the output name 1"),
        ]
        for result, expected in cases:
            with self.subTest(result=result):
                with self.assertRaises(w.OutputProblem) as raised:
                    w.to_output("t", result)
                self.assertIn(expected, str(raised.exception))

    def test_an_exception_is_described_by_its_type_message_and_place(self):
        try:
            1 / 0
        except ZeroDivisionError as error:
            text = w.describe_exception(error)
        self.assertRegex(text, r"^ZeroDivisionError: division by zero \(test_weft_worker\.py, line \d+, in "
                               r"test_an_exception_is_described_by_its_type_message_and_place\)$")


class FakeServer:
    """Answers the worker's calls from a table: path -> an answer, or an exception to raise."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def call(self, method, path, body=None, timeout=30.0):
        self.calls.append((method, path, body))
        answer = self.answers.get(path)
        if isinstance(answer, Exception):
            raise answer
        return answer


def worker_with(server, source, *definitions):
    module = module_with(source)
    tasks = w.build_tasks(module, "tasks", list(definitions))
    lines = []
    return w.Worker(server, "tasks", "tasks", "w1", 0, tasks, list(definitions), lines.append), lines


JOB = {"id": "j1", "jobType": "t", "variables": {"n": 2}, "lockedAt": "2026-12-01T00:00:00Z",
       "lockExpiresAt": "2026-12-01T00:00:30Z"}


class NotifierTests(unittest.TestCase):
    def test_progress_is_posted_and_a_409_answer_cancels_the_job(self):
        server = FakeServer({"/v1/jobs/j1/progress": w.ServerProblem(409, "CONFLICT", "Job 'j1' is cancelled.")})
        worker, _ = worker_with(server, "def t(notify): pass", definition("t"))
        state = w.JobState(JOB)
        notify = w.Notifier(JOB, state, worker._send_progress, None)
        with self.assertRaises(w.JobCancelled):
            notify.progress(40, "step 2 of 5")
        self.assertEqual(("POST", "/v1/jobs/j1/progress", {"percent": 40, "message": "step 2 of 5", "workerId": "w1"}),
                         server.calls[0])
        self.assertTrue(notify.cancelled)
        with self.assertRaises(w.JobCancelled):
            notify.check()
        with self.assertRaises(w.JobCancelled):
            notify.error("too late")

    def test_a_server_that_cannot_be_reached_does_not_stop_the_task(self):
        server = FakeServer({"/v1/jobs/j1/progress": w.ServerUnreachable("connection refused")})
        worker, lines = worker_with(server, "def t(notify): pass", definition("t"))
        notify = w.Notifier(JOB, w.JobState(JOB), worker._send_progress, None)
        notify.progress(120)
        self.assertEqual(100, server.calls[0][2]["percent"])
        self.assertFalse(notify.cancelled)
        self.assertIn("progress not reported: connection refused", lines[0])

    def test_a_percent_that_is_not_a_number_is_a_mistake_of_the_task(self):
        notify = w.Notifier(JOB, w.JobState(JOB), lambda state, body: None, None)
        with self.assertRaises(ValueError):
            notify.progress("half")


class ExecuteTests(unittest.TestCase):
    def outcome(self, source, job=JOB, *inputs):
        worker, _ = worker_with(FakeServer({}), source, definition("t", *inputs))
        return worker._execute(job, w.JobState(job))

    def test_a_returned_dict_completes_the_job(self):
        self.assertEqual(("complete", {"twice": 4}),
                         self.outcome("def t(notify, n): return {'twice': n * 2}", JOB, {"name": "n", "type": "integer"}))

    def test_notify_error_fails_the_job_not_retryably_with_its_messages(self):
        self.assertEqual(("fail", "first; second", False),
                         self.outcome("def t(notify):\n notify.error('first')\n notify.error('second')\n return {'x': 1}"))

    def test_an_exception_fails_the_job_retryably_with_its_type_and_message(self):
        kind, message, retryable = self.outcome("def t(notify): raise KeyError('customer')")
        self.assertEqual(("fail", True), (kind, retryable))
        self.assertTrue(message.startswith("KeyError: 'customer' ("), message)

    def test_a_wrong_input_fails_the_job_not_retryably_without_calling_the_function(self):
        job = dict(JOB, variables={"n": "two"})
        self.assertEqual(("fail", "Task 't' needs the input 'n' to be an integer, but it is a string: \"two\".", False),
                         self.outcome("def t(notify, n): raise AssertionError('called')", job,
                                      {"name": "n", "type": "integer"}))

    def test_a_cancelled_job_is_not_reported_even_when_the_task_swallows_the_news(self):
        worker, _ = worker_with(FakeServer({}), "def t(notify): return {}", definition("t"))
        state = w.JobState(JOB)
        # The heartbeat thread learns of the cancellation while the task runs; the task returns all the same.
        worker.tasks["t"].function = lambda notify: state.cancel("the instance was cancelled") or {"x": 1}
        self.assertEqual("cancelled", worker._execute(JOB, state)[0])


class HeartbeatTests(unittest.TestCase):
    def test_one_batched_call_extends_every_due_job_and_a_409_cancels_its_job(self):
        server = FakeServer({"/v1/jobs/heartbeat": {"results": [
            {"jobId": "j1", "status": 200, "lockExpiresAt": "2026-12-01T00:01:00Z"},
            {"jobId": "j2", "status": 409, "error": "CONFLICT", "message": "Job 'j2' is cancelled."}]}})
        heartbeat = w.Heartbeat(server, "w1", lambda line: None)
        first, second = w.JobState(JOB), w.JobState(dict(JOB, id="j2"))
        heartbeat._beat([first, second])
        self.assertEqual([("POST", "/v1/jobs/heartbeat", [{"jobId": "j1", "workerId": "w1"},
                                                          {"jobId": "j2", "workerId": "w1"}])], server.calls)
        self.assertFalse(first.cancelled.is_set())
        self.assertTrue(second.cancelled.is_set())
        self.assertIn("409", second.reason)

    def test_a_job_is_due_when_half_of_its_lease_has_passed(self):
        state = w.JobState(JOB)
        self.assertAlmostEqual(time.monotonic() + 15, state.next_beat, delta=1)

    def test_the_thread_beats_a_job_whose_lease_is_short(self):
        beaten = threading.Event()

        class Recording(FakeServer):
            def call(self, method, path, body=None, timeout=30.0):
                beaten.set()
                return {"results": [{"jobId": "j1", "status": 200}]}

        heartbeat = w.Heartbeat(Recording({}), "w1", lambda line: None)
        heartbeat.start()
        heartbeat.add(w.JobState(dict(JOB, lockExpiresAt="2026-12-01T00:00:01Z")))  # a 1 s lease: due after 0.5 s
        self.assertTrue(beaten.wait(10), "no heartbeat was sent")


class ArgumentTests(unittest.TestCase):
    def test_defaults_come_from_the_environment(self):
        arguments = w.parse_arguments(["sample"], {"WEFT_SERVER": "http://weft:9000"})
        self.assertEqual(("http://weft:9000", 20000, None), (arguments.server, arguments.wait_ms, arguments.namespace))
        self.assertEqual("http://127.0.0.1:8080", w.parse_arguments(["sample"], {}).server)

    def test_bad_arguments_are_one_line_and_exit_code_2(self):
        cases = [
            (["sample", "--server", "ftp://x"], "is not an http(s) URL"),
            (["sample", "--wait-ms", "-1"], "--wait-ms -1 must be between 0 and 30000"),
            (["sample", "--namespace", "a b"], "--namespace 'a b' must be 1 to 128 characters"),
            (["sample", "--bogus"], "unrecognized arguments: --bogus"),
        ]
        for argv, expected in cases:
            with self.subTest(argv=argv):
                with self.assertRaises(w.WorkerError) as raised:
                    w.parse_arguments(argv, {})
                self.assertEqual(w.EXIT_USAGE, raised.exception.exit_code)
                self.assertIn(expected, str(raised.exception))


class ApiKeyTests(unittest.TestCase):
    """The key of WEFT_API_KEY goes out as Authorization: Bearer, to a real (local) HTTP server."""

    def serve(self):
        import http.server
        seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(self.headers.get("Authorization"))
                body = b'{"ok": true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return "http://127.0.0.1:{}".format(server.server_address[1]), seen

    def test_a_key_is_sent_as_a_bearer_token(self):
        url, seen = self.serve()
        self.assertEqual({"ok": True}, w.Server(url, "worker-key-0123456789").call("GET", "/v1/catalog"))
        self.assertEqual(["Bearer worker-key-0123456789"], seen)

    def test_without_a_key_no_authorization_header_is_sent(self):
        url, seen = self.serve()
        w.Server(url, "").call("GET", "/v1/catalog")
        w.Server(url).call("GET", "/v1/catalog")
        self.assertEqual([None, None], seen)


if __name__ == "__main__":
    unittest.main()
