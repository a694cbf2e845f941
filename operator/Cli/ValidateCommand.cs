using System.CommandLine;
using SacOperator.Parsing;
using SacOperator.Stores;

namespace SacOperator.Operator.Cli;

public static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Spec files or directories", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check spec files without running anything; prints every problem with file:line:column") { paths };
        command.SetAction(result =>
        {
            var index = new DefinitionIndex();
            var problems = new List<Diagnostic>();
            var files = SpecFiles.Expand(result.GetValue(paths)!, problems);
            var errors = 0;
            var warnings = problems.Count;
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            var resources = 0;
            var keys = new HashSet<Model.ResourceKey>();
            foreach (var file in files)
            {
                var parsed = SpecFiles.Parse(file);
                foreach (var diagnostic in parsed.FileDiagnostics)
                {
                    Console.Error.WriteLine(diagnostic);
                    errors += diagnostic.IsError ? 1 : 0;
                    warnings += diagnostic.IsError ? 0 : 1;
                }

                foreach (var resource in parsed.Resources)
                {
                    foreach (var diagnostic in resource.Diagnostics.Where(d => !parsed.FileDiagnostics.Contains(d)))
                    {
                        Console.Error.WriteLine(diagnostic);
                        errors += diagnostic.IsError ? 1 : 0;
                        warnings += diagnostic.IsError ? 0 : 1;
                    }
                }

                var stored = parsed.Resources.Select(SpecFile.ToStored).ToList();
                keys.UnionWith(index.SetFile(file, stored));
                resources += parsed.Resources.Count;
            }

            foreach (var key in keys)
            {
                if (index.Effective(key) is { } effective && effective.Diagnostics.Any(d => d.Message.StartsWith("duplicate", StringComparison.Ordinal)))
                {
                    foreach (var diagnostic in effective.Diagnostics)
                    {
                        Console.Error.WriteLine(diagnostic);
                        errors++;
                    }
                }
            }

            var warned = warnings == 0 ? "" : $", {warnings} warning(s)";
            Console.WriteLine(errors == 0
                ? $"{resources} resource(s) in {files.Count} file(s): valid{warned}"
                : $"{errors} error(s) in {files.Count} file(s){warned}");
            return errors == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
