using System.ComponentModel;
using System.Text.Json.Nodes;
using Weft.Worker.Handlers;
using Weft.Worker.Tasks;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Tasks;

/// <summary>The task module example of docs/workers.md, as written there, and what the docs say it does.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public async Task The_invoice_example_completes_with_the_outputs_the_docs_show()
    {
        var task = Assert.Single(TaskMethod.FindIn(typeof(InvoiceTasks)));

        var output = await task.InvokeAsync(null, Jobs.Context("invoice", """{"orderId": "o-7", "lines": [{"sku": "A", "quantity": 2, "unitPrice": 10}]}"""));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"invoiceId": "inv-o-7", "total": 24.0}"""), output), output?.ToJsonString());
        Assert.Equal("billing", task.Namespace);
        Assert.Equal(["orderId", "lines", "taxRate"], task.Catalog.Inputs.Select(i => i.Name));
        Assert.Equal(["invoiceId", "total"], task.Catalog.Outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task The_invoice_example_refuses_an_order_without_lines_non_retryably()
    {
        var task = Assert.Single(TaskMethod.FindIn(typeof(InvoiceTasks)));

        var error = await Assert.ThrowsAsync<NonRetryableException>(() => task.InvokeAsync(null, Jobs.Context("invoice", """{"orderId": "o-8", "lines": []}""")));

        Assert.Equal("Order o-8 has no lines to invoice.", error.Message);
    }

    public sealed record Line(string Sku, int Quantity, decimal UnitPrice);

    public sealed record Invoice(string InvoiceId, decimal Total);

    [WeftModule("billing")]
    public static class InvoiceTasks
    {
        [WeftTask("invoice", Description = "Totals an order and issues an invoice.", Version = "1.0", Timeout = "PT2M")]
        public static async Task<Invoice> IssueAsync(
            IJobContext context, [Description("The order to invoice.")] string orderId, List<Line> lines, decimal taxRate = 0.2m)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(lines);
            if (lines.Count == 0)
            {
                throw new NonRetryableException($"Order {orderId} has no lines to invoice.");
            }

            await context.ReportProgressAsync(50, "totalled");
            var net = lines.Sum(line => line.Quantity * line.UnitPrice);
            return new Invoice($"inv-{orderId}", net * (1 + taxRate));
        }
    }
}
