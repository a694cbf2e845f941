using System.CommandLine;
using SacOperator.Parsing;
using SacOperator.Serialization;

namespace SacOperator.Operator.Cli;

public static class ConvertCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "sac agent directories (holding spec.yaml), spec.yaml files, or an agents root",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("convert", $"Print sac spec.yaml files as {Model.ResourceKinds.ApiVersion} manifests") { paths };
        command.SetAction(result =>
        {
            var problems = new List<Diagnostic>();
            var files = SpecFiles.Expand(result.GetValue(paths)!, problems).Where(SacSpecReader.LooksLikeSacSpec).ToList();
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            if (files.Count == 0)
            {
                throw new CliError("no sac spec.yaml found in the given paths");
            }

            var failed = false;
            var documents = new List<System.Text.Json.Nodes.JsonNode?>();
            foreach (var file in files)
            {
                var parsed = SacSpecReader.Read(file, File.ReadAllText(file));
                foreach (var diagnostic in parsed.AllDiagnostics.Distinct())
                {
                    Console.Error.WriteLine(diagnostic);
                }

                foreach (var resource in parsed.Resources)
                {
                    if (resource.IsValid)
                    {
                        documents.Add(ModelJson.ToNode(resource.Resource!));
                    }
                    else
                    {
                        failed = true;
                    }
                }
            }

            Console.Write(YamlWriter.WriteAll(documents));
            return failed ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
