package dev.junction.sqlite;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One SQLite database: a single JDBC connection serialised by a lock, in WAL mode with {@code
 * synchronous=NORMAL} (a committed transaction survives a crash of the process; only a power loss
 * can roll back the last few), foreign keys on.
 *
 * <p><b>Migrations.</b> Each component (e.g. {@code keys}, {@code budget}) owns an ordered list of
 * SQL steps; {@link #migrate} applies the steps the file has not seen yet, each in its own
 * transaction, and records the component's version in {@code junction_schema}. Steps are only
 * ever appended: a released step is never edited. A file whose version is newer than the steps
 * known here is refused (an older Junction must not write a newer schema).
 *
 * <p><b>Thread-safety.</b> Thread-safe: {@link #read} and {@link #write} hold the lock for the
 * whole unit of work, so a unit sees and leaves a consistent state. Calls are short (tens of
 * microseconds for a small write); they block the calling thread for that long.
 */
public final class SqliteDatabase implements AutoCloseable {

  /** A unit of work on the connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs with the connection; may throw {@link SQLException}. */
    T run(Connection connection) throws SQLException;
  }

  private final Connection connection;
  private final @Nullable Path file;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteDatabase(Connection connection, @Nullable Path file) {
    this.connection = connection;
    this.file = file;
  }

  /** Opens (creating it and its directory if needed) the database file at {@code file}. */
  public static SqliteDatabase open(Path file) {
    requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of " + file, e);
    }
    return connect("jdbc:sqlite:" + file.toAbsolutePath(), file);
  }

  /** A private in-memory database, gone when closed: for tests and development. */
  public static SqliteDatabase inMemory() {
    return connect("jdbc:sqlite::memory:", null);
  }

  private static SqliteDatabase connect(String url, @Nullable Path file) {
    try {
      Connection c = DriverManager.getConnection(url);
      try (Statement st = c.createStatement()) {
        if (file != null) {
          st.execute("PRAGMA journal_mode=WAL");
        }
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA foreign_keys=ON");
        st.execute("PRAGMA busy_timeout=5000");
        st.execute("CREATE TABLE IF NOT EXISTS junction_schema("
            + "component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
      }
      return new SqliteDatabase(c, file);
    } catch (SQLException e) {
      throw new StoreException("cannot open SQLite database " + url, e);
    }
  }

  /** The file, or empty for an in-memory database. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Brings {@code component}'s schema up to {@code steps.size()}: applies every step after the
   * recorded version, each in a transaction with the version bump. Returns the number applied.
   */
  public int migrate(String component, List<String> steps) {
    requireNonNull(component, "component");
    List<String> all = List.copyOf(steps);
    return write(c -> {
      int version = version(c, component);
      if (version > all.size()) {
        throw new StoreException("the database schema of '" + component + "' is version "
            + version + ", newer than this Junction knows (" + all.size() + "): upgrade Junction");
      }
      for (int i = version; i < all.size(); i++) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate(all.get(i));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO junction_schema(component,"
            + " version) VALUES(?, ?) ON CONFLICT(component) DO UPDATE SET version = ?")) {
          ps.setString(1, component);
          ps.setInt(2, i + 1);
          ps.setInt(3, i + 1);
          ps.executeUpdate();
        }
      }
      return all.size() - version;
    });
  }

  private static int version(Connection c, String component) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT version FROM junction_schema WHERE component = ?")) {
      ps.setString(1, component);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back if it throws. */
  public <T> T write(Work<T> work) {
    requireNonNull(work, "work");
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("SQLite write failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} (reads only) under the lock. */
  public <T> T read(Work<T> work) {
    requireNonNull(work, "work");
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("SQLite read failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close SQLite database", e);
    } finally {
      lock.unlock();
    }
  }
}
