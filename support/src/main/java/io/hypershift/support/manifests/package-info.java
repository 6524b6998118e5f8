/**
 * Reading mirror policies (ICSP, IDMS, ITMS) and other objects from YAML or JSON files, multi-document and with
 * {@code List} kinds, remembering where each object came from so that errors name the file, document and field.
 */
package io.hypershift.support.manifests;
