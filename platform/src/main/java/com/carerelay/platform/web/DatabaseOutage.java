package com.carerelay.platform.web;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Recognizes a failure caused by the database being unreachable (or going away), as opposed to a bug or bad data. */
public final class DatabaseOutage {

    /** Hikari's answer on a connection it has already closed (evicted after the database went away); no SQLSTATE. */
    private static final String CLOSED_CONNECTION = "Connection is closed";

    private DatabaseOutage() {
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof QueryTimeoutException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException
                    || cause.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (cause instanceof SQLException sql && (connectionState(sql.getSQLState())
                    || CLOSED_CONNECTION.equals(sql.getMessage()))) {
                return true;
            }
            if (isFailedRollback(cause)) {
                return true;
            }
            if (cause instanceof TransactionSystemException tx && tx.getApplicationException() != null
                    && tx.getApplicationException() != cause && causedBy(tx.getApplicationException())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * A rollback that could not reach the database (Hibernate's "Unable to rollback against JDBC
     * Connection"): the connection went away mid-transaction, whatever the first failure was.
     */
    private static boolean isFailedRollback(Throwable cause) {
        return cause.getClass().getName().equals("org.hibernate.TransactionException")
                && cause.getMessage() != null && cause.getMessage().startsWith("Unable to rollback");
    }

    /** SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now), 53300 (too many connections). */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300"));
    }
}
