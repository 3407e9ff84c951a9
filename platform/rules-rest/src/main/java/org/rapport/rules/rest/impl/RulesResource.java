package org.rapport.rules.rest.impl;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.api.Shadow;

/**
 * {@code /api/v1/rules}: rule packages for analysts. Deploy a package's files, read its history,
 * compare and roll back releases, run its scenarios, check candidate files, preview a candidate against every stored
 * customer (at once, or as a background job that shows its progress), and run a candidate in shadow beside the active release. Every change is recorded
 * with the caller as its author. A candidate the gate refuses is answered with 422
 * {@code rules_rejected}, one field error per problem, named {@code file:line:column}.
 * Partner keys may read with the {@code rules:read} scope; changing rules is for people.
 */
@Component(service = RulesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(roles = Roles.ANALYST)
public class RulesResource {

    /** The files of a rule package by name: {@code .drl} rules, decision tables and scenarios. */
    public record RuleFiles(Map<String, String> files) {
    }

    /** Which release to return to; without a version, the one before the active release. */
    public record RollbackRequest(Long version) {
    }

    /**
     * A package's state: its active release and whether it runs compiled to Java yet, the last
     * candidate refused, the shadow running.
     */
    public record PackageView(String name, RulePackageStatus.State state, Release active, boolean compiled,
            org.rapport.rules.api.Rejection lastRejection, Shadow shadow) {
    }

    /**
     * What the gate says of candidate files: accepted, or every problem by file, line and column;
     * and what its static checks found (conflicting rules, rules that never fire, gaps, decision
     * table rows), each with its check, file, line, rules and whether it refuses (then it is among
     * the problems too) or warns.
     */
    public record Check(String rulePackage, boolean accepted, List<RuleProblem> problems, List<RuleFinding> findings) {
    }

    /** One release with its files. */
    /**
     * One release with its files and which rules its scenarios fire ({@code coverage}; null for a
     * release accepted before coverage was recorded).
     */
    public record ReleaseFiles(Release release, Map<String, String> files, List<RuleCoverage> coverage) {
    }

    /** The lines that differ between two releases, in the unified style. */
    public record Diff(String rulePackage, long from, long to, List<String> lines) {
    }

    private final RulesEngine engine;
    private final PreviewJobs previews;

    @Activate
    public RulesResource(@Reference RulesEngine engine) {
        this.engine = engine;
        this.previews = new PreviewJobs(engine, Clock.systemUTC());
    }

    @Deactivate
    public void deactivate() {
        previews.close();
    }

    @GET
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public Page<PackageView> list() {
        return Page.all(engine.packages().stream().map(this::view).toList());
    }

    @GET
    @Path("{package}")
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public PackageView get(@PathParam("package") String rulePackage) {
        return view(status(rulePackage));
    }

    /**
     * Makes {@code files} the next release of the package once they pass the gate (compiled,
     * checked against the rule policy, scenarios run). Sending the files of the active release
     * again changes nothing and answers that release.
     */
    @PUT
    @Path("{package}")
    public Release deploy(@PathParam("package") String rulePackage, RuleFiles body, @Context SecurityContext caller) {
        return engine.deploy(packageName(rulePackage), files(body), "REST API", author(caller));
    }

    @GET
    @Path("{package}/releases")
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public Page<Release> history(@PathParam("package") String rulePackage) {
        List<Release> history = engine.history(packageName(rulePackage));
        if (history.isEmpty()) {
            status(rulePackage);
        }
        return Page.all(history);
    }

    @GET
    @Path("{package}/releases/{version}")
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public ReleaseFiles release(@PathParam("package") String rulePackage, @PathParam("version") String version) {
        long v = version(version, "version");
        Release release = engine.history(packageName(rulePackage)).stream().filter(r -> r.version() == v).findFirst()
                .orElseThrow(() -> noRelease(rulePackage, v));
        return new ReleaseFiles(release, engine.files(rulePackage, v).orElseThrow(() -> noRelease(rulePackage, v)),
                engine.coverage(rulePackage, v).orElse(null));
    }

    @GET
    @Path("{package}/diff")
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public Diff diff(@PathParam("package") String rulePackage, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        long f = version(from, "from");
        long t = version(to, "to");
        packageName(rulePackage);
        for (long v : new long[] {f, t}) {
            if (engine.files(rulePackage, v).isEmpty()) {
                throw noRelease(rulePackage, v);
            }
        }
        return new Diff(rulePackage, f, t, engine.diff(rulePackage, f, t));
    }

    /** Activates the files of an earlier release again, as a new release. */
    @POST
    @Path("{package}/rollback")
    public Release rollback(@PathParam("package") String rulePackage, RollbackRequest body,
            @Context SecurityContext caller) {
        packageName(rulePackage);
        long target = body != null && body.version() != null ? body.version() : previous(rulePackage);
        if (engine.files(rulePackage, target).isEmpty()) {
            throw noRelease(rulePackage, target);
        }
        return engine.rollback(rulePackage, target, author(caller));
    }

    /** Runs the scenarios of the active release; with them, which rules they fire. */
    @POST
    @Path("{package}/tests")
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public TestReport test(@PathParam("package") String rulePackage) {
        RulePackageStatus status = status(rulePackage);
        List<ScenarioResult> results = engine.test(rulePackage);
        return TestReport.of(results, status.active().flatMap(r -> engine.coverage(rulePackage, r.version()))
                .orElse(null));
    }

    /**
     * Puts candidate files through the gate and answers what it says, with the static checks'
     * findings, deploying nothing: the console's editor checks as the analyst types.
     */
    @POST
    @Path("{package}/checks")
    public Check check(@PathParam("package") String rulePackage, RuleFiles body) {
        Map<String, String> files = files(body);
        List<RuleProblem> problems = engine.check(packageName(rulePackage), files);
        return new Check(rulePackage, problems.isEmpty(), problems, engine.findings(rulePackage, files));
    }

    /**
     * Puts candidate files through the gate and evaluates them and the active release on every
     * stored customer, applying nothing: what would change, with samples.
     */
    @POST
    @Path("{package}/preview")
    public Impact preview(@PathParam("package") String rulePackage, RuleFiles body) {
        return engine.preview(packageName(rulePackage), files(body));
    }

    /**
     * Starts a preview in the background and answers at once (202) with the job, whose
     * {@code Location} shows its progress ({@code evaluated} of {@code total}) and, once
     * {@code DONE}, its impact; a candidate the gate refuses ends {@code FAILED} with its problems.
     */
    @POST
    @Path("{package}/previews")
    public Response startPreview(@PathParam("package") String rulePackage, RuleFiles body) {
        PreviewJob job = previews.submit(packageName(rulePackage), files(body));
        return Response.accepted(job)
                .location(UriBuilder.fromPath("rules/{package}/previews/{id}").build(rulePackage, job.id())).build();
    }

    @GET
    @Path("{package}/previews/{id}")
    public PreviewJob preview(@PathParam("package") String rulePackage, @PathParam("id") String id) {
        return previews.find(packageName(rulePackage), id).orElseThrow(() -> new ApiException(404, "not_found",
                "rule package '" + rulePackage + "' has no preview " + id));
    }

    @GET
    @Path("{package}/shadow")
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public Shadow shadow(@PathParam("package") String rulePackage) {
        status(rulePackage);
        return engine.shadow(rulePackage).orElseThrow(() -> noShadow(rulePackage));
    }

    /** Runs candidate files beside the active release on live evaluations; replaces a shadow running. */
    @PUT
    @Path("{package}/shadow")
    public Shadow startShadow(@PathParam("package") String rulePackage, RuleFiles body, @Context SecurityContext caller) {
        status(rulePackage);
        return engine.startShadow(rulePackage, files(body), "REST API, by " + author(caller));
    }

    /** Ends the shadow; answers what it had counted. */
    @DELETE
    @Path("{package}/shadow")
    public Shadow dropShadow(@PathParam("package") String rulePackage) {
        status(rulePackage);
        return engine.dropShadow(rulePackage).orElseThrow(() -> noShadow(rulePackage));
    }

    /** Deploys the shadow's files as the next release, through the gate again, and ends the shadow. */
    @POST
    @Path("{package}/shadow/promote")
    public Release promoteShadow(@PathParam("package") String rulePackage, @Context SecurityContext caller) {
        status(rulePackage);
        if (engine.shadow(rulePackage).isEmpty()) {
            throw noShadow(rulePackage);
        }
        return engine.promoteShadow(rulePackage, author(caller));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private PackageView view(RulePackageStatus status) {
        return new PackageView(status.name(), status.state(), status.active().orElse(null), status.compiled(),
                status.lastRejection().orElse(null), engine.shadow(status.name()).orElse(null));
    }

    private RulePackageStatus status(String rulePackage) {
        return engine.status(packageName(rulePackage))
                .orElseThrow(() -> new ApiException(404, "not_found", "no rule package '" + rulePackage + "'"));
    }

    private long previous(String rulePackage) {
        long active = status(rulePackage).active().map(Release::version).orElseThrow(() -> ApiException.conflict(
                "rule package '" + rulePackage + "' has no active release; name the version to return to"));
        return engine.history(rulePackage).stream().mapToLong(Release::version).filter(v -> v < active).max()
                .orElseThrow(() -> ApiException.conflict("rule package '" + rulePackage + "' has no release before v"
                        + active));
    }

    static String packageName(String rulePackage) {
        if (rulePackage == null || !rulePackage.matches("[a-z][a-z0-9-]{0,62}")) {
            throw ApiException.invalid("package", "'" + rulePackage
                    + "' is not a rule package name: lower-case letters, digits and '-', starting with a letter");
        }
        return rulePackage;
    }

    static Map<String, String> files(RuleFiles body) {
        if (body == null || body.files() == null || body.files().isEmpty()) {
            throw ApiException.invalid("files", "at least one file is required: {\"files\": {\"name.drl\": \"rule text\"}}");
        }
        body.files().forEach((name, text) -> {
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw ApiException.invalid("files", "'" + name + "' is not a file name: no folders, not hidden");
            }
            if (text == null) {
                throw ApiException.invalid("files." + name, "the file's text is missing");
            }
        });
        return body.files();
    }

    private static long version(String text, String field) {
        try {
            long version = Long.parseLong(text == null ? "" : text.trim());
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid(field, "a release version is a whole number from 1, not '" + text + "'");
    }

    private static String author(SecurityContext caller) {
        return caller.getUserPrincipal().getName();
    }

    private static ApiException noRelease(String rulePackage, long version) {
        return new ApiException(404, "not_found", "rule package '" + rulePackage + "' has no release " + version);
    }

    private static ApiException noShadow(String rulePackage) {
        return new ApiException(404, "not_found", "rule package '" + rulePackage + "' has no shadow running");
    }
}
