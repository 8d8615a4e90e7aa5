using System.CommandLine;
using System.Globalization;
using MLNetConcepts.Metrics;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Cli.Commands;

/// <summary><c>overlap</c>: COLAP of every (component, layer) whose scope is <c>mixed</c> (SPEC 1.6, section 4).</summary>
public static class OverlapCommand
{
    public static Command Create()
    {
        var concepts = new Option<string>("--concepts") { Description = "concepts.parquet with concepts of scope 'mixed'.", Required = true };
        var output = new Option<string>("--out") { Description = "colap.parquet to write.", Required = true };
        var thetaO = new Option<double>("--theta-o") { Description = "Share of a concept each language of a pair must make up.", DefaultValueFactory = _ => new ColapOptions().ThetaO };
        var count = new Option<string>("--count") { Description = "What shares count: occurrences or types.", DefaultValueFactory = _ => "occurrences" };
        count.AcceptOnlyFromAmong("occurrences", "types");
        var languages = new Option<string?>("--languages") { Description = "Languages to report, comma-separated (default: those present in each scope)." };

        var command = new Command("overlap", "Measure COLAP: the share of mixed-scope concepts where two languages each make up at least theta-O.")
        {
            concepts, output, thetaO, count, languages,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ColapOptions
            {
                ThetaO = parse.GetValue(thetaO),
                Count = parse.GetValue(count) == "types" ? ColapCount.Types : ColapCount.Occurrences,
                Languages = parse.GetValue(languages) is { } list ? CommonOptions.ParseList("--languages", list) : null,
            };
            options.Validate();
            string file = parse.GetValue(concepts)!;
            new FileRoles().Input("option --concepts", file).Output("option --out", parse.GetValue(output)!).Check();
            IReadOnlyList<ConceptAssignment> rows = await ConceptFiles.ReadAsync(file, cancellationToken).ConfigureAwait(false);
            ColapResult result = Colap.Compute(rows, options);
            if (!rows.Any(r => r.Scope == options.Scope))
                throw new MLNetConceptsException($"{file}: no concepts with scope '{options.Scope}'");
            await MetricFiles.WriteColapAsync(parse.GetValue(output)!, result, cancellationToken).ConfigureAwait(false);
            foreach (ColapSummary row in result.Summary)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Component} layer {row.Layer} {row.LanguageA}-{row.LanguageB}: COLAP {row.Colap:F1} ({row.Overlapping}/{row.Concepts})"));
            return CommandRunner.Success;
        });
        return command;
    }
}
