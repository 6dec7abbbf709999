package io.proximace.cli;

import io.proximace.home.Home;
import io.proximace.UsageException;
import io.proximace.table.TableName;
import io.proximace.volume.Grants;
import io.proximace.volume.Privilege;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code proxima-ce acl}: MaxCompute's grant statements, word for word: privileges on a project
 * ({@code CreateVolume}, {@code CreateTable}), a volume ({@code Read}, {@code Write}) or a table
 * ({@code Describe}, {@code Select}, {@code Update}, {@code Drop}), a comma-separated list or {@code All}.
 */
@Command(name = "acl", mixinStandardHelpOptions = true,
    description = {"Privileges, as MaxCompute writes them; the owner of the object's project grants and revokes.",
        "Privileges may be listed: grant Select,Describe on table t to user u. The acting user is --user, else the "
            + "OS user; the README says what this protects against and what it does not."},
    footer = {"", "Statements:",
        "  acl grant CreateVolume|CreateTable|All on project <project> to user <user>",
        "  acl grant Read|Write|All on volume <volume> to user <user>",
        "  acl grant Describe|Select|Update|Drop|All on table <[project.]table> \\",
        "      to user <user>",
        "  acl revoke <privileges> on project|volume|table <name> from user <user>",
        "  acl show grants [for <user>] [on volume|table <name>]"})
public final class AclCommand implements Callable<Integer> {
  private static final Pattern CHANGE = Pattern.compile(
      "(grant|revoke)\\s+(.+?)\\s+on\\s+(project|volume|table)\\s+(\\S+)\\s+(to|from)\\s+user\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SHOW = Pattern.compile(
      "show\\s+grants(?:\\s+for\\s+(?:user\\s+)?(\\S+))?(?:\\s+on\\s+(volume|table)\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "STATEMENT", description = "grant ..., revoke ..., or show grants ...")
  List<String> words;

  @Override
  public Integer call() throws Exception {
    Home home = ProximaCeCommand.of(spec).openHome();
    PrintWriter out = spec.commandLine().getOut();
    String statement = String.join(" ", words).replaceAll(";\\s*$", "").trim();
    Matcher show = SHOW.matcher(statement);
    if (show.matches()) {
      show(home, out, show.group(1) != null ? show.group(1) : home.user(), show.group(1) == null && show.group(2) != null,
          show.group(2), show.group(3));
      return 0;
    }
    Matcher m = CHANGE.matcher(statement);
    if (!m.matches() || m.group(1).equalsIgnoreCase("grant") != m.group(5).equalsIgnoreCase("to")) {
      throw new UsageException("acl: expected grant <privileges> on project|volume|table <name> to user <user>, "
          + "revoke <privileges> on ... from user <user>, or show grants [for <user>] [on volume|table <name>]; not '" + statement + "'");
    }
    boolean grant = m.group(1).equalsIgnoreCase("grant");
    Privilege.On on = Privilege.On.valueOf(m.group(3).toUpperCase(Locale.ROOT));
    String user = m.group(6);
    Home.checkUser(user);
    List<Privilege> privileges = new ArrayList<>();
    for (String p : m.group(2).split("\\s*,\\s*")) {
      Privilege.parse(p, on).stream().filter(x -> !privileges.contains(x)).forEach(privileges::add);
    }
    String project = home.project();
    String object = null;
    switch (on) {
      case PROJECT -> project = m.group(4);
      case VOLUME -> object = home.volumes().get(m.group(4)).name();
      case TABLE -> {
        TableName t = home.table(m.group(4));
        if (!home.warehouse().exists(t)) {
          home.warehouse().table(t); // fails, naming the tables there are
        }
        project = t.project();
        object = t.name();
      }
    }
    String target = object;
    String grantsProject = project;
    List<Grants.Grant> grants = privileges.stream().map(p -> new Grants.Grant(user, p, target)).toList();
    Grants g = home.grants(project);
    if (grant) {
      g.grant(home.user(), grants);
      grants.forEach(x -> out.println("granted: " + x.statement(grantsProject)));
    } else {
      List<Grants.Grant> removed = g.revoke(home.user(), grants);
      removed.forEach(x -> out.println("revoked: " + x.statement(grantsProject)));
      if (removed.isEmpty()) {
        out.println("nothing to revoke: " + user + " held none of " + privileges);
      }
    }
    return 0;
  }

  /** {@code show grants}: a user's grants in the current project, or everyone's on one volume or table. */
  private static void show(Home home, PrintWriter out, String user, boolean everyone, String kind, String name) throws Exception {
    String project = home.project();
    String object = null;
    if (kind != null) {
      if (kind.equalsIgnoreCase("table")) {
        TableName t = home.table(name);
        project = t.project();
        object = t.name();
      } else {
        object = home.volumes().get(name).name();
      }
    }
    Grants g = home.grants(project);
    String grantsProject = project;
    out.println("project " + project + ", owner " + (g.owner() == null ? "(none yet)" : g.owner()));
    String on = object;
    List<Grants.Grant> shown = (everyone ? g.all() : g.of(user)).stream()
        .filter(x -> on == null || x.object() != null && x.object().equalsIgnoreCase(on)
            && x.privilege().on().word().equalsIgnoreCase(kind)).toList();
    if (!everyone && user.equals(g.owner())) {
      out.println(user + " owns the project: every privilege");
    }
    shown.forEach(x -> out.println(x.statement(grantsProject)));
    if (shown.isEmpty() && !(!everyone && user.equals(g.owner()))) {
      out.println("(no grants" + (everyone ? " on " + kind + " " + name : " for " + user + (on == null ? "" : " on " + kind + " " + name)) + ")");
    }
  }
}
