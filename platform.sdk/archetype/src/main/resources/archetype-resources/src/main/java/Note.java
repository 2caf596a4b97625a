package ${package};

import java.time.Instant;

/**
 * One note, as stored and as the REST API returns it (Jackson writes records as JSON objects).
 *
 * @param id      identifier given by the database
 * @param title   short title, at most 200 characters
 * @param body    the text
 * @param created when it was written
 */
public record Note(long id, String title, String body, Instant created) {
}
