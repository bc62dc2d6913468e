"""Plugin commands: grouped as `flask <plugin> …`, also top-level unless the plugin says not,
and a name two owners claim stops start-up."""

import click
import pytest

from japaguide import create_app
from japaguide.plugins import Plugin, PluginError
from japaguide.testing import plugins_with


def _command(name):
    @click.command(name)
    def run():
        click.echo(f"ran {name}")

    return run


def test_commands_are_grouped_by_plugin_and_top_level(app_config):
    plugin = Plugin(name="visa_tips", version="1", cli=lambda: [_command("refresh-tips")])
    runner = create_app(app_config, plugins=plugins_with(plugin)).test_cli_runner()
    assert runner.invoke(args=["visa-tips", "refresh-tips"]).output == "ran refresh-tips\n"
    assert runner.invoke(args=["refresh-tips"]).output == "ran refresh-tips\n"


def test_a_plugin_can_keep_its_commands_in_its_group(app_config):
    plugin = Plugin(
        name="visa_tips", version="1", cli=lambda: [_command("refresh")], cli_top_level=False
    )
    runner = create_app(app_config, plugins=plugins_with(plugin)).test_cli_runner()
    assert runner.invoke(args=["visa-tips", "refresh"]).exit_code == 0
    assert runner.invoke(args=["refresh"]).exit_code != 0


def test_a_command_named_like_a_host_command_stops_startup(app_config):
    plugin = Plugin(name="visa_tips", version="1", cli=lambda: [_command("seed")])
    with pytest.raises(PluginError, match="'seed' is already a command of the host"):
        create_app(app_config, plugins=plugins_with(plugin))


def test_two_plugins_with_one_command_name_stop_startup(app_config):
    one = Plugin(name="one", version="1", cli=lambda: [_command("refresh")])
    two = Plugin(name="two", version="1", cli=lambda: [_command("refresh")])
    with pytest.raises(
        PluginError, match="plugin 'two': command 'refresh' is already a command of plugin 'one'"
    ):
        create_app(app_config, plugins=plugins_with(one, two))


def test_a_plugin_named_like_a_command_stops_startup(app_config):
    plugin = Plugin(name="routes", version="1", cli=lambda: [_command("x")])
    with pytest.raises(PluginError, match="command group 'routes'"):
        create_app(app_config, plugins=plugins_with(plugin))


@pytest.mark.parametrize(
    "args",
    [
        ["import-countries", "--help"],
        ["import-visa-types", "--help"],
        ["import-rates", "--help"],
        ["seed-prompts", "--help"],
        ["cleanup-expired-sessions", "--help"],
        ["create-admin", "--help"],
        ["countries", "import-countries", "--help"],
        ["session", "cleanup-expired-sessions", "--help"],
    ],
)
def test_the_briefs_command_names_keep_working(runner, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
