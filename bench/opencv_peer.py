"""OpenCV + libjpeg-turbo doing frame-processor's job in one thread, timed stage by stage.

usage: python3 opencv_peer.py FRAME.jpg SIGMA RADIUS QUALITY RUNS

Runs the pipeline RUNS times in this process (after 2 warm-up runs) in two variants and prints
one JSON object with the median milliseconds of each stage:
  grey:   cv2.imdecode(IMREAD_GRAYSCALE) (libjpeg-turbo decodes only the luma channel)
  colour: cv2.imdecode(IMREAD_COLOR) + cvtColor(BGR2GRAY) (a full colour decode, like ours)
then GaussianBlur (kernel 2*RADIUS+1, the same sigma), Sobel dx and dy (3x3, CV_16S),
magnitude = sqrt(gx^2 + gy^2) truncated and clamped to 255, the (w-2) x (h-2) valid region,
and cv2.imencode('.jpg', quality QUALITY).
"""
import json
import statistics
import sys
import time

import cv2
import numpy as np


def edges(grey, sigma, radius):
    size = 2 * radius + 1
    blurred = cv2.GaussianBlur(grey, (size, size), sigma) if radius > 0 else grey
    gx = cv2.Sobel(blurred, cv2.CV_16S, 1, 0, ksize=3).astype(np.float32)
    gy = cv2.Sobel(blurred, cv2.CV_16S, 0, 1, ksize=3).astype(np.float32)
    magnitude = np.minimum(cv2.magnitude(gx, gy), 255.0)
    return np.ascontiguousarray(magnitude[1:-1, 1:-1]).astype(np.uint8)


def decode(data, mode):
    if mode == "grey":
        return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)


def run_once(data, mode, sigma, radius, quality):
    t0 = time.perf_counter()
    grey = decode(data, mode)
    t1 = time.perf_counter()
    out = edges(grey, sigma, radius)
    t2 = time.perf_counter()
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    t3 = time.perf_counter()
    if not ok:
        raise RuntimeError("imencode failed")
    ms = lambda a, b: (b - a) * 1000.0
    return {"decodeMs": ms(t0, t1), "kernelMs": ms(t1, t2), "encodeMs": ms(t2, t3), "totalMs": ms(t0, t3), "outputBytes": len(jpeg)}


def medians(samples):
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def bench(data, mode, sigma, radius, quality, runs):
    for _ in range(2):
        run_once(data, mode, sigma, radius, quality)
    return medians([run_once(data, mode, sigma, radius, quality) for _ in range(runs)])


def main(argv):
    path, sigma, radius, quality, runs = argv[1], float(argv[2]), int(argv[3]), int(argv[4]), int(argv[5])
    cv2.setNumThreads(1)
    with open(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8)
    result = {mode: bench(data, mode, sigma, radius, quality, runs) for mode in ("grey", "colour")}
    result["version"] = "OpenCV %s, numpy %s, python %s" % (cv2.__version__, np.__version__, sys.version.split()[0])
    result["threads"] = cv2.getNumThreads()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
