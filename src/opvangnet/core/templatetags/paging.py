"""One page of a paginated list as a table, with the links to the other pages, or the text for no rows.

{% load paging %}
{% paged_table page empty=_("Nobody is waiting.") empty_class="table-empty" %}
  <caption …>…</caption>
  <thead …>…</thead>
  <tbody …>{% for placement in page %}…{% endfor %}</tbody>
{% endpaged_table %}

The content between the tags is the table's inside. When the page has rows it stands in the site's table,
followed by the page links (includes/pagination.html, which reads `page` and the `query` to keep); when it has
none, only `empty` shows, as a paragraph, with `empty_class` added to its class when given.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context

register = template.Library()

OPTIONS = {"empty", "empty_class"}
USAGE = "{% paged_table PAGE empty=TEXT [empty_class=CLASS] %}"


class PagedTableNode(template.Node):
    def __init__(
        self, page: FilterExpression, options: dict[str, FilterExpression], nodelist: NodeList
    ) -> None:
        self.page, self.options, self.nodelist = page, options, nodelist

    def render(self, context: Context) -> str:
        page = self.page.resolve(context)
        options = {name: value.resolve(context) for name, value in self.options.items()}
        assert context.template is not None
        layout = context.template.engine.get_template("includes/paged_table.html")
        with context.push({"empty_class": "", **options}, page=page):
            table = self.nodelist.render(context) if page.object_list else ""
            with context.push(table=table):
                return layout.render(context)


@register.tag
def paged_table(parser: Parser, token: Token) -> PagedTableNode:
    bits = token.split_contents()
    options = token_kwargs(bits[2:], parser)
    if "empty" not in options or len(options) != len(bits) - 2 or not set(options) <= OPTIONS:
        raise template.TemplateSyntaxError(f"usage: {USAGE}")
    nodelist = parser.parse(("endpaged_table",))
    parser.delete_first_token()
    return PagedTableNode(parser.compile_filter(bits[1]), options, nodelist)
