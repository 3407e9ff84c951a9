/**
 * Stores contacts with JPA in the platform's database.
 */
package org.rapport.contacts.impl;
