using Weft.Worker.Tasks;

namespace Weft.Worker.Tests.Tasks;

/// <summary>A task method that cannot run as written is refused when tasks are looked up, saying what is wrong.</summary>
public sealed class DefinitionErrorTests
{
    [Fact]
    public void Two_tasks_with_one_name_are_refused_naming_both_methods()
    {
        var error = Assert.Throws<TaskDefinitionException>(() => TaskMethod.FindIn(typeof(Twice)));

        Assert.Equal("Two methods are task 'same': Twice.First and Twice.Second. A task name is a job type and must be unique.", error.Message);
    }

    [Theory]
    [InlineData(typeof(BlankName), "BlankName.Run: [WeftTask(\"  \")] is not a task name: 1 to 256 characters, not blank, without white space at either end or control characters.")]
    [InlineData(typeof(PaddedName), "PaddedName.Run: [WeftTask(\" run\")] is not a task name: 1 to 256 characters, not blank, without white space at either end or control characters.")]
    [InlineData(typeof(BadModule), "BadModule: [WeftModule(\"no spaces allowed\")] is not a namespace: 1 to 128 characters of A-Z a-z 0-9 . _ -.")]
    [InlineData(typeof(BadTimeout), "BadTimeout.Run: the timeout '5 minutes' of task 'run' is not a positive ISO-8601 duration such as PT30S or PT5M.")]
    [InlineData(typeof(ContextNotFirst), "ContextNotFirst.Run: the IJobContext parameter 'context' must be the first parameter.")]
    [InlineData(typeof(RefParameter), "RefParameter.Run: the parameter 'value' is Int32&; ref, out, in and pointer parameters cannot be bound from variables.")]
    [InlineData(typeof(ReturnsNumber), "ReturnsNumber.Run: it returns Int32, but a task returns an object or a dictionary whose properties become output variables (e.g. a record such as DoubleResult(long Value)), or nothing.")]
    [InlineData(typeof(GenericTask), "GenericTask.Run: task 'run' is a generic method; a task's types must be known.")]
    [InlineData(typeof(NotPublic), "NotPublic.Run: task 'run' must be a public method of a public class.")]
    public void A_task_that_cannot_run_as_written_is_refused_with_a_clear_message(Type type, string message)
    {
        var error = Assert.Throws<TaskDefinitionException>(() => TaskMethod.FindIn(type));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(typeof(DelegateParameter), "DelegateParameter.Run: the parameter 'callback' of type Action cannot be read from JSON (a delegate is code, not data).")]
    [InlineData(typeof(TaskParameter), "TaskParameter.Run: the parameter 'pending' of type Task<Int32> cannot be read from JSON (a task is not a value).")]
    [InlineData(typeof(InterfaceParameter), "InterfaceParameter.Run: the parameter 'resource' of type IDisposable cannot be read from JSON (an interface or abstract class cannot be created; take a concrete type).")]
    public void A_parameter_type_json_cannot_read_is_refused_naming_the_parameter_and_its_type(Type type, string message)
    {
        var error = Assert.Throws<TaskDefinitionException>(() => TaskMethod.FindIn(type));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Interface_collections_are_inputs_like_lists()
    {
        var task = Assert.Single(TaskMethod.FindIn(typeof(CollectionInterfaces)));

        Assert.Equal(["array", "object"], task.Catalog.Inputs.Select(i => i.Type));
    }

    [Fact]
    public void A_class_without_tasks_has_none()
    {
        Assert.Empty(TaskMethod.FindIn(typeof(DefinitionErrorTests)));
    }

    public static class Twice
    {
        [WeftTask("same")]
        public static void First()
        {
        }

        [WeftTask("same")]
        public static void Second()
        {
        }
    }

    public static class BlankName
    {
        [WeftTask("  ")]
        public static void Run()
        {
        }
    }

    public static class PaddedName
    {
        [WeftTask(" run")]
        public static void Run()
        {
        }
    }

    [WeftModule("no spaces allowed")]
    public static class BadModule
    {
        [WeftTask("run")]
        public static void Run()
        {
        }
    }

    public static class BadTimeout
    {
        [WeftTask("run", Timeout = "5 minutes")]
        public static void Run()
        {
        }
    }

    public static class ContextNotFirst
    {
        [WeftTask("run")]
        public static void Run(string value, IJobContext context)
        {
        }
    }

    public static class RefParameter
    {
        [WeftTask("run")]
        public static void Run(ref int value)
        {
        }
    }

    public static class ReturnsNumber
    {
        [WeftTask("run")]
        public static int Run() => 1;
    }

    public static class GenericTask
    {
        [WeftTask("run")]
        public static void Run<T>(T value)
        {
        }
    }

    public static class NotPublic
    {
        [WeftTask("run")]
        internal static void Run()
        {
        }
    }

    public static class TaskParameter
    {
        [WeftTask("run")]
        public static void Run(Task<int> pending)
        {
        }
    }

    public static class InterfaceParameter
    {
        [WeftTask("run")]
        public static void Run(IDisposable resource)
        {
        }
    }

    public static class CollectionInterfaces
    {
        [WeftTask("run")]
        public static void Run(IReadOnlyList<string> names, IDictionary<string, int> counts)
        {
        }
    }

    public static class DelegateParameter
    {
        [WeftTask("run")]
        public static void Run(Action callback)
        {
        }
    }
}
