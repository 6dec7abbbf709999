/**
 * A proxima-ce home: the folder that holds the embedded warehouse and each project's catalog of volumes and grants,
 * and the acting user. {@link io.proximace.home.Home} is where commands and runs reach tables (with the user's table
 * privileges checked) and volumes (through their {@code odps://} file system).
 */
package io.proximace.home;
