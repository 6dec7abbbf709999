package io.proximace.cli;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.volume.Grants;
import io.proximace.volume.Privilege;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code proxima-ce acl}: MaxCompute's grant statements, word for word:
 * {@code grant CreateVolume on project p to user u}, {@code grant Read|Write on volume v to user u},
 * {@code revoke ... from user u}, {@code show grants for u}.
 */
@Command(name = "acl", mixinStandardHelpOptions = true,
    description = {"Permissions, as MaxCompute writes them (the project owner grants and revokes):",
        "  acl grant CreateVolume on project <project> to user <user>",
        "  acl grant Read|Write on volume <volume> to user <user>",
        "  acl revoke <privilege> on project|volume <name> from user <user>",
        "  acl show grants for <user>",
        "The acting user is --user, else the OS user. These permissions guard against mistakes, not against a",
        "hostile local root."})
public final class AclCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "STATEMENT", description = "grant ..., revoke ..., or show grants for <user>")
  List<String> words;

  @Override
  public Integer call() throws Exception {
    Home home = ProximaCeCommand.of(spec).openHome();
    PrintWriter out = spec.commandLine().getOut();
    List<String> w = words.stream().map(s -> s.replace(";", "")).filter(s -> !s.isEmpty()).toList();
    String verb = w.get(0).toLowerCase(Locale.ROOT);
    if (verb.equals("show") && w.size() == 4 && w.get(1).equalsIgnoreCase("grants") && w.get(2).equalsIgnoreCase("for")) {
      Grants g = home.volumes().grants();
      String user = w.get(3);
      out.println("project " + home.project() + ", owner " + g.owner());
      if (user.equals(g.owner())) {
        out.println(user + " owns the project: every privilege");
      }
      for (Grants.Grant grant : g.of(user)) {
        out.println(grant);
      }
      return 0;
    }
    boolean grant = verb.equals("grant");
    if (!grant && !verb.equals("revoke") || w.size() != 8 || !w.get(2).equalsIgnoreCase("on")
        || !w.get(5).equalsIgnoreCase(grant ? "to" : "from") || !w.get(6).equalsIgnoreCase("user")) {
      throw usage();
    }
    Privilege privilege = Privilege.parse(w.get(1));
    String kind = w.get(3).toLowerCase(Locale.ROOT);
    String name = w.get(4);
    String user = w.get(7);
    Grants.Grant g;
    if (kind.equals("project")) {
      if (privilege != Privilege.CREATE_VOLUME) {
        throw new ProximaException("acl: on a project the privilege is CreateVolume; Read and Write are granted on a volume");
      }
      if (!name.equals(home.project())) {
        home = ProximaCeCommand.of(spec).openHome(name);
      }
      g = new Grants.Grant(user, privilege, null);
    } else if (kind.equals("volume")) {
      if (privilege == Privilege.CREATE_VOLUME) {
        throw new ProximaException("acl: CreateVolume is granted on a project, not on a volume");
      }
      name = home.volumes().get(name).name();
      g = new Grants.Grant(user, privilege, name);
    } else {
      throw usage();
    }
    Grants grants = home.volumes().grants();
    if (grant) {
      grants.grant(home.user(), g);
      out.println("granted: " + g);
    } else {
      out.println(grants.revoke(home.user(), g) ? "revoked: " + g : "nothing to revoke: " + user + " did not hold " + privilege);
    }
    return 0;
  }

  private static ProximaException usage() {
    return new ProximaException("acl: expected grant|revoke <privilege> on project|volume <name> to|from user <user>, "
        + "or show grants for <user>");
  }
}
