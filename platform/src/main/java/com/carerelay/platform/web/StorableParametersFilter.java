package com.carerelay.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The query-string twin of {@link StorableTextModule}: a request parameter PostgreSQL could not store
 * (or search for) answers 400 naming the parameter before any controller runs.
 */
public class StorableParametersFilter extends OncePerRequestFilter {

    private final Problems problems;

    public StorableParametersFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getQueryString() != null) {
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                String problem = StorableText.problem(parameter.getKey());
                for (String value : parameter.getValue()) {
                    problem = problem != null ? problem : StorableText.problem(value);
                }
                if (problem != null) {
                    String name = StorableText.problem(parameter.getKey()) == null ? parameter.getKey() : "query";
                    ProblemDetail refused = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, name + ": " + problem + ".");
                    refused.setTitle("Invalid request");
                    refused.setProperty("errors", List.of(Map.of("field", name, "message", problem)));
                    problems.write(response, refused);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
