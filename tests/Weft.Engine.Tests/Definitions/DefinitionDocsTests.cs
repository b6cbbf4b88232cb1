using System.Text.RegularExpressions;
using Weft.Engine.Definitions;

namespace Weft.Engine.Tests.Definitions;

/// <summary>Every definition shown in docs/definitions.md uploads as shown: parsed and validated without a problem.</summary>
public sealed partial class DefinitionDocsTests
{
    public static TheoryData<string> Examples() => [.. ExampleTexts()];

    private static IEnumerable<string> ExampleTexts() =>
        JsonBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "definitions.md")))
            .Select(block => block.Groups[1].Value)
            .Where(json => json.TrimStart().StartsWith("{ \"id\"", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_is_a_valid_definition(string json)
    {
        var definition = DefinitionParser.Parse(json);
        Assert.Empty(DefinitionValidator.Validate(definition));
    }

    [Fact]
    public void The_page_shows_an_example_for_every_step_type_that_runs()
    {
        var types = ExampleTexts().SelectMany(json => DefinitionParser.Parse(json).Steps.Select(s => s.Type)).ToHashSet();

        Assert.Superset(types, new HashSet<string>
        {
            StepTypes.ServiceTask, StepTypes.UserTask, StepTypes.Decision, StepTypes.Transformation, StepTypes.Wait, StepTypes.Timer,
            StepTypes.ParallelGateway, StepTypes.JoinGateway, StepTypes.SubWorkflow, StepTypes.End,
        });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Weft.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Weft.slnx not found above the test's folder.");
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
